import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  aidantOrientationSchema, createOrientationSchema, listOrientationsSchema, operatorResourceIdSchema, orientationCodeSchema, OrientationStatusChangedV1, orientationStatusSchema,
  ORIENTATION_TRANSITIONS, OPEN_ORIENTATION_STATUSES, parsePayload, PinError, POLICIES,
  type CreatedOrientationView, type OrientationStatus, type OrientationView, type PersonOrientationView, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { IntakeService } from '../intake/intake.service';
import { Territories } from '../intake/territory';
import { callingOperator, operatorFor, type OperatorScope } from '../operator/operator.policy';
import { newPersonCode, personCodeHash } from './person-code';

interface OrientationRow {
  id: string;
  operator_id: string | null;
  origin_structure_id: string | null;
  lieu_id: string;
  structure_id: string | null;
  demarche: string | null;
  reference: string | null;
  besoin: string | null;
  consent_at: Date | null;
  status: OrientationStatus;
  appointment_at: Date | null;
  created_at: Date;
  updated_at: Date;
  purged_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const present = (r: OrientationRow): OrientationView => ({
  id: r.id,
  operateur: r.operator_id,
  structureOrigineId: r.origin_structure_id,
  lieuId: r.lieu_id,
  demarche: r.demarche,
  reference: r.reference,
  besoin: r.besoin,
  consentement_le: iso(r.consent_at),
  statut: r.status,
  rendezVousLe: iso(r.appointment_at),
  cree_le: new Date(r.created_at).toISOString(),
  mis_a_jour_le: new Date(r.updated_at).toISOString(),
  purgee_le: iso(r.purged_at),
});
const presentToPerson = (r: OrientationRow): PersonOrientationView => ({
  lieuId: r.lieu_id,
  demarche: r.demarche,
  statut: r.status,
  rendezVousLe: iso(r.appointment_at),
  cree_le: new Date(r.created_at).toISOString(),
  mis_a_jour_le: new Date(r.updated_at).toISOString(),
  annulable: isOpen(r.status),
});
const isOpen = (s: OrientationStatus) => (OPEN_ORIENTATION_STATUSES as readonly string[]).includes(s);
const notFound = () => new PinError('ORIENTATION.NOT_FOUND', 'Orientation introuvable.');
const invalidCode = () => new PinError('ORIENTATION.INVALID_CODE', 'Ce code de suivi est inconnu ou n’est plus valable.');
const LIMIT = 200;
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Orientations: an operator (the person known only by the operator's opaque reference) or an
 * aidant (with the person's recorded consent to share a short need) sends a person to a lieu; the
 * lieu's structure accepts, schedules, completes or declines; the person follows and may cancel
 * it with their tracking code. The orienting operator receives
 * `pin.operators.orientation.status-changed.v1` if it subscribed to it.
 */
@Injectable()
export class OrientationsService {
  private readonly territories = new Territories();

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly intake: IntakeService,
  ) {}

  private async openLieu(lieuId: string): Promise<{ structure_id: string | null }> {
    const [lieu]: { structure_id: string | null; statut: string | null }[] = await this.ds.query('SELECT structure_id, statut FROM lieu_place WHERE lieu_id = $1', [lieuId]);
    if (!lieu || lieu.statut === 'ferme') throw new PinError('LIEU.NOT_FOUND', 'Lieu introuvable ou fermé.');
    return lieu;
  }

  /** Inserts with a fresh tracking code (retried on the unlikely hash collision). */
  private async insert(values: Omit<Partial<OrientationRow>, 'id'> & { lieu_id: string }, createdBy: string | null): Promise<CreatedOrientationView> {
    for (let attempt = 0; ; attempt++) {
      const { code, hash } = newPersonCode();
      try {
        const [row]: OrientationRow[] = await this.ds.query(
          `INSERT INTO orientation (id, operator_id, origin_structure_id, lieu_id, structure_id, demarche, reference, besoin, consent_at, created_by, person_code_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
          [randomUUID(), values.operator_id ?? null, values.origin_structure_id ?? null, values.lieu_id, values.structure_id ?? null, values.demarche ?? null,
            values.reference ?? null, values.besoin ?? null, values.consent_at ?? null, createdBy, hash],
        );
        return { ...present(row), codeSuivi: code };
      } catch (err) {
        if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
      }
    }
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope): Promise<CreatedOrientationView> {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(createOrientationSchema, rpc.body);
    const lieu = await this.openLieu(body.lieuId);
    return this.insert({ operator_id: operatorId, lieu_id: body.lieuId, structure_id: lieu.structure_id, demarche: body.demarche ?? null, reference: body.reference ?? null }, null);
  }

  /** An aidant orients the person they help to a lieu of another structure, with the person's consent. */
  async createByAidant(user: UserContext | undefined, rpc: RpcEnvelope): Promise<CreatedOrientationView> {
    const u = requirePolicy(user, POLICIES.orientation.handle);
    const body = parsePayload(aidantOrientationSchema, rpc.body);
    const mine = u.structures.filter((s) => UUID.test(s));
    const origin = body.structureId ?? (mine.length === 1 ? mine[0] : undefined);
    if (!origin) throw new PinError('ORIENTATION.STRUCTURE_REQUIRED', 'Indiquez la structure qui oriente (structureId).');
    if (!canAccessStructure(u, origin)) throw new PinError('AUTH.FORBIDDEN', 'Vous n’agissez pas pour cette structure.');
    const lieu = await this.openLieu(body.lieuId);
    if (lieu.structure_id === origin) throw new PinError('ORIENTATION.SAME_STRUCTURE', 'Ce lieu appartient à votre structure : orientez vers le lieu d’une autre structure.');
    return this.insert(
      { origin_structure_id: origin, lieu_id: body.lieuId, structure_id: lieu.structure_id, demarche: body.demarche, besoin: body.besoin || null, consent_at: new Date() },
      u.sub,
    );
  }

  async mine(user: UserContext | undefined, rpc: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const q = parsePayload(listOrientationsSchema, rpc.query ?? {});
    const rows: OrientationRow[] = await this.ds.query(
      `SELECT * FROM orientation WHERE operator_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT $3`,
      [operatorId, q.statut ?? null, LIMIT],
    );
    return { items: rows.map(present) };
  }

  /** Orientations to the lieux of the caller's structures, or sent by them (all of them for the network). */
  async list(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.orientation.handle);
    const q = parsePayload(listOrientationsSchema, rpc.query ?? {});
    const network = hasRole(u, ...NETWORK_ROLES);
    const structures = u.structures.filter((s) => UUID.test(s));
    const column = q.sens === 'envoyees' ? 'origin_structure_id' : 'structure_id';
    const rows: OrientationRow[] = await this.ds.query(
      `SELECT * FROM orientation WHERE ($1 OR ${column} = ANY ($2::uuid[])) AND ($3::text IS NULL OR status = $3)
         AND ($5::boolean IS FALSE OR origin_structure_id IS NOT NULL) ORDER BY created_at DESC LIMIT $4`,
      [network, structures, q.statut ?? null, LIMIT, q.sens === 'envoyees'],
    );
    return { items: rows.map(present) };
  }

  async setStatus(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.orientation.handle);
    const id = parsePayload(operatorResourceIdSchema, rpc.params.id);
    const { statut, rendezVousLe } = parsePayload(orientationStatusSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const [row]: OrientationRow[] = await m.query('SELECT * FROM orientation WHERE id = $1 FOR UPDATE', [id]);
      // Another structure's orientation does not exist for the caller.
      if (!row || !(row.structure_id ? canAccessStructure(u, row.structure_id) : hasRole(u, ...NETWORK_ROLES))) throw notFound();
      // Saying again what was said is harmless (a double click); a re-scheduling is a change.
      if (row.status === statut && statut !== 'planifiee') return present(row);
      if (!ORIENTATION_TRANSITIONS[row.status].includes(statut)) {
        throw new PinError('ORIENTATION.INVALID_TRANSITION', `Cette orientation est « ${row.status} » : elle ne peut pas passer à « ${statut} ».`, { de: row.status, vers: statut });
      }
      return present(await this.change(m, events, row, statut, rendezVousLe ?? null));
    });
  }

  /** The person, with their code: the status of their orientation, nothing that identifies anyone. */
  async personView(rpc: RpcEnvelope): Promise<PersonOrientationView> {
    const { code } = parsePayload(orientationCodeSchema, rpc.body);
    const [row]: OrientationRow[] = await this.ds.query('SELECT * FROM orientation WHERE person_code_hash = $1', [personCodeHash(code)]);
    if (!row) throw invalidCode();
    return presentToPerson(row);
  }

  /** The person cancels their open orientation; the orienting operator hears it (`annulee`). */
  async personCancel(rpc: RpcEnvelope): Promise<PersonOrientationView> {
    const { code } = parsePayload(orientationCodeSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const [row]: OrientationRow[] = await m.query('SELECT * FROM orientation WHERE person_code_hash = $1 FOR UPDATE', [personCodeHash(code)]);
      if (!row) throw invalidCode();
      if (row.status === 'annulee') return presentToPerson(row);
      if (!isOpen(row.status)) throw new PinError('ORIENTATION.INVALID_TRANSITION', 'Cette orientation est close : elle ne peut plus être annulée.', { de: row.status, vers: 'annulee' });
      return presentToPerson(await this.change(m, events, row, 'annulee', null));
    });
  }

  private async change(m: EntityManager, events: EventRecorder, row: OrientationRow, statut: OrientationStatus, appointment: string | null): Promise<OrientationRow> {
    const [[updated]]: [OrientationRow[]] = await m.query(
      `UPDATE orientation SET status = $2, appointment_at = CASE WHEN $2 = 'planifiee' THEN $3::timestamptz ELSE appointment_at END, updated_at = now() WHERE id = $1 RETURNING *`,
      [row.id, statut, appointment],
    );
    // Only operators follow orientations through a channel; an aidant's structure sees them in PIN.
    if (row.operator_id && statut !== 'envoyee') {
      const event = events.record(OrientationStatusChangedV1, {
        subject: row.id,
        data: {
          orientationId: row.id, operatorId: row.operator_id, lieuId: row.lieu_id, statut,
          ...(updated.appointment_at && statut === 'planifiee' ? { rendezVousLe: new Date(updated.appointment_at).toISOString() } : {}),
          changeLe: new Date(updated.updated_at).toISOString(),
        },
        correlationId: RequestContext.correlationId(),
      });
      const [place] = await m.query('SELECT code_insee FROM lieu_place WHERE lieu_id = $1', [row.lieu_id]);
      const p = this.territories.placeOf(place?.code_insee);
      await this.intake.ingest(m, event, { type: event.type, places: p ? [p] : [] }, { operatorId: row.operator_id });
    }
    return updated;
  }
}
