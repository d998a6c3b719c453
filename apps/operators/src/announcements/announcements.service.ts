import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AnnouncementAcknowledgedV1, AnnouncementPublishedV1, createAnnouncementSchema, operatorResourceIdSchema, parsePayload, PinError, POLICIES,
  type AnnouncementView, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { IntakeService } from '../intake/intake.service';
import { Territories } from '../intake/territory';
import { callingOperator, operatorFor, type OperatorScope } from '../operator/operator.policy';
import { isEverywhere, matchesSubscription, type Place } from '../subscriptions/subscription-match';

interface AnnouncementRow {
  id: string;
  operator_id: string;
  titre: string;
  texte: string;
  lien: string | null;
  demarches: string[];
  departements: string[];
  epcis: string[];
  communes: string[];
  published_at: Date;
  lue?: boolean;
  lectures?: number;
  structures?: number;
}

const present = (r: AnnouncementRow): AnnouncementView => ({
  id: r.id,
  operateur: r.operator_id,
  titre: r.titre,
  texte: r.texte,
  lien: r.lien,
  demarches: r.demarches as AnnouncementView['demarches'],
  territoire: { departements: r.departements, epcis: r.epcis, communes: r.communes },
  publiee_le: new Date(r.published_at).toISOString(),
  ...(r.lue === undefined ? {} : { lue: r.lue }),
  ...(r.lectures === undefined ? {} : { lectures: r.lectures, structures: r.structures }),
});

const LIST_LIMIT = 100;

/**
 * Announcements (veille téléservices): an operator tells the aidants what changed in its online
 * services, for some démarches and a territory; aidants see those for their structures' places
 * and mark them read. The events carry ids and scope only; who read stays here.
 */
@Injectable()
export class AnnouncementsService {
  private readonly territories = new Territories();

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly intake: IntakeService,
  ) {}

  async publish(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(createAnnouncementSchema, rpc.body);
    const t = body.territoire;
    return this.outbox.run(async (m, events) => {
      const [row]: AnnouncementRow[] = await m.query(
        `INSERT INTO announcement (id, operator_id, titre, texte, lien, demarches, departements, epcis, communes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [randomUUID(), operatorId, body.titre, body.texte, body.lien ?? null, body.demarches, t.departements, t.epcis, t.communes],
      );
      events.record(AnnouncementPublishedV1, {
        subject: row.id,
        data: { annonceId: row.id, operatorId, demarches: row.demarches, territoire: t, publieeLe: new Date(row.published_at).toISOString() },
        correlationId: RequestContext.correlationId(),
      });
      return present(row);
    });
  }

  async mine(user: UserContext | undefined, rpc?: RpcEnvelope, scope: OperatorScope = 'own') {
    const operatorId = operatorFor(user, rpc, scope);
    const rows: AnnouncementRow[] = await this.ds.query(
      `SELECT a.*, (SELECT count(*) FROM announcement_ack k WHERE k.announcement_id = a.id)::int AS lectures,
         (SELECT count(DISTINCT structure_id) FROM announcement_ack k WHERE k.announcement_id = a.id)::int AS structures
       FROM announcement a WHERE a.operator_id = $1 ORDER BY a.published_at DESC LIMIT $2`,
      [operatorId, LIST_LIMIT],
    );
    return { items: rows.map(present) };
  }

  /** The announcements for the caller's structures (all of them for the network), newest first. */
  async list(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.announcement.read);
    const rows: AnnouncementRow[] = await this.ds.query(
      `SELECT a.*, EXISTS (SELECT 1 FROM announcement_ack k WHERE k.announcement_id = a.id AND k.aidant_sub = $1) AS lue
       FROM announcement a ORDER BY a.published_at DESC LIMIT $2`,
      [u.sub, LIST_LIMIT * 5],
    );
    const places = hasRole(u, ...NETWORK_ROLES) ? null : await this.placesOf(u.structures);
    const visible = rows.filter((r) => {
      const territoire = { departements: r.departements, epcis: r.epcis, communes: r.communes };
      if (places === null || isEverywhere(territoire)) return true;
      return matchesSubscription({ types: ['annonce'], demarches: [], territoire }, { type: 'annonce', places });
    });
    return { items: visible.slice(0, LIST_LIMIT).map(present) };
  }

  async acknowledge(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.announcement.read);
    const id = parsePayload(operatorResourceIdSchema, rpc.params.id);
    const structureId = u.structures.find((s) => /^[0-9a-f-]{36}$/i.test(s)) ?? null;
    return this.outbox.run(async (m, events) => {
      const [announcement]: AnnouncementRow[] = await m.query('SELECT * FROM announcement WHERE id = $1', [id]);
      if (!announcement) throw new PinError('ANNONCE.NOT_FOUND', 'Annonce introuvable.');
      const inserted: { acknowledged_at: Date }[] = await m.query(
        `INSERT INTO announcement_ack (announcement_id, aidant_sub, structure_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING acknowledged_at`,
        [id, u.sub, structureId],
      );
      if (inserted.length > 0) {
        const event = events.record(AnnouncementAcknowledgedV1, {
          subject: id,
          data: { annonceId: id, operatorId: announcement.operator_id, structureId, acquitteeLe: new Date(inserted[0].acknowledged_at).toISOString() },
          correlationId: RequestContext.correlationId(),
        });
        // Only the announcing operator may receive it (webhook or JetStream), in this transaction.
        const [place] = structureId ? await m.query('SELECT code_insee FROM structure_place WHERE structure_id = $1', [structureId]) : [];
        const p = this.territories.placeOf(place?.code_insee);
        await this.intake.ingest(m, event, { type: event.type, places: p ? [p] : [] }, { operatorId: announcement.operator_id });
      }
      return { id, lue: true };
    });
  }

  private async placesOf(structures: readonly string[]): Promise<Place[]> {
    const ids = structures.filter((s) => /^[0-9a-f-]{36}$/i.test(s));
    if (ids.length === 0) return [];
    const rows: { code_insee: string | null }[] = await this.ds.query('SELECT code_insee FROM structure_place WHERE structure_id = ANY ($1::uuid[])', [ids]);
    return rows.map((r) => this.territories.placeOf(r.code_insee)).filter((p): p is Place => p !== null);
  }
}
