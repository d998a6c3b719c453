import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createOrientationSchema, listOrientationsSchema, operatorResourceIdSchema, OrientationStatusChangedV1, orientationStatusSchema, parsePayload, PinError, POLICIES,
  type OrientationView, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { IntakeService } from '../intake/intake.service';
import { Territories } from '../intake/territory';
import { callingOperator } from '../operator/operator.policy';

interface OrientationRow {
  id: string;
  operator_id: string;
  lieu_id: string;
  structure_id: string | null;
  demarche: string | null;
  reference: string | null;
  status: OrientationView['statut'];
  created_at: Date;
  updated_at: Date;
  purged_at: Date | null;
}

const present = (r: OrientationRow): OrientationView => ({
  id: r.id,
  operateur: r.operator_id,
  lieuId: r.lieu_id,
  demarche: r.demarche,
  reference: r.reference,
  statut: r.status,
  cree_le: new Date(r.created_at).toISOString(),
  mis_a_jour_le: new Date(r.updated_at).toISOString(),
  purgee_le: r.purged_at ? new Date(r.purged_at).toISOString() : null,
});
const notFound = () => new PinError('ORIENTATION.NOT_FOUND', 'Orientation introuvable.');
const LIMIT = 200;

/**
 * Orientations: an operator sends a person (known to PIN only by the operator's opaque reference)
 * to a lieu; the lieu's structure sees it and says what became of it; the orienting operator
 * receives `pin.operators.orientation.status-changed.v1` if it subscribed to it.
 */
@Injectable()
export class OrientationsService {
  private readonly territories = new Territories();

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly intake: IntakeService,
  ) {}

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(createOrientationSchema, rpc.body);
    const [lieu]: { structure_id: string | null; statut: string | null }[] = await this.ds.query('SELECT structure_id, statut FROM lieu_place WHERE lieu_id = $1', [body.lieuId]);
    if (!lieu || lieu.statut === 'ferme') throw new PinError('LIEU.NOT_FOUND', 'Lieu introuvable ou fermé.');
    const [row]: OrientationRow[] = await this.ds.query(
      `INSERT INTO orientation (id, operator_id, lieu_id, structure_id, demarche, reference) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [randomUUID(), operatorId, body.lieuId, lieu.structure_id, body.demarche ?? null, body.reference ?? null],
    );
    return present(row);
  }

  async mine(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const q = parsePayload(listOrientationsSchema, rpc.query);
    const rows: OrientationRow[] = await this.ds.query(
      `SELECT * FROM orientation WHERE operator_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT $3`,
      [operatorId, q.statut ?? null, LIMIT],
    );
    return { items: rows.map(present) };
  }

  /** Orientations to the lieux of the caller's structures (all of them for the network). */
  async list(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.orientation.handle);
    const q = parsePayload(listOrientationsSchema, rpc.query);
    const network = hasRole(u, ...NETWORK_ROLES);
    const structures = u.structures.filter((s) => /^[0-9a-f-]{36}$/i.test(s));
    const rows: OrientationRow[] = await this.ds.query(
      `SELECT * FROM orientation WHERE ($1 OR structure_id = ANY ($2::uuid[])) AND ($3::text IS NULL OR status = $3) ORDER BY created_at DESC LIMIT $4`,
      [network, structures, q.statut ?? null, LIMIT],
    );
    return { items: rows.map(present) };
  }

  async setStatus(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.orientation.handle);
    const id = parsePayload(operatorResourceIdSchema, rpc.params.id);
    const { statut } = parsePayload(orientationStatusSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const [row]: OrientationRow[] = await m.query('SELECT * FROM orientation WHERE id = $1 FOR UPDATE', [id]);
      // Another structure's orientation does not exist for the caller.
      if (!row || !(row.structure_id ? canAccessStructure(u, row.structure_id) : hasRole(u, ...NETWORK_ROLES))) throw notFound();
      if (row.status === statut) return present(row);
      const [[updated]]: [OrientationRow[]] = await m.query(`UPDATE orientation SET status = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, statut]);
      const event = events.record(OrientationStatusChangedV1, {
        subject: id,
        data: { orientationId: id, operatorId: row.operator_id, lieuId: row.lieu_id, statut, changeLe: new Date(updated.updated_at).toISOString() },
        correlationId: RequestContext.correlationId(),
      });
      const [place] = await m.query('SELECT code_insee FROM lieu_place WHERE lieu_id = $1', [row.lieu_id]);
      const p = this.territories.placeOf(place?.code_insee);
      await this.intake.ingest(m, event, { type: event.type, places: p ? [p] : [] }, { operatorId: row.operator_id });
      return present(updated);
    });
  }
}
