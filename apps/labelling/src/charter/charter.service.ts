import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CharterPublishedV1, charterVersionSchema, CharterSignedV1, parsePayload, PinError, POLICIES, signCharterSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { Journal } from '../journal/journal';

interface VersionRow {
  version: number;
  texte: string;
  publiee_le: Date;
}

/**
 * The charte de l'aidant: versioned text published by the network; aidants sign the current
 * version (a new version asks everyone again). A publication emits `charter.published` and a
 * signature `charter.signed`, both for mandates (the habilitation prerequisite « charte signée »).
 */
@Injectable()
export class CharterService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
  ) {}

  async current(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.labelling.charterRead);
    return this.outbox.run(async (m) => {
      const [v] = (await m.query(`SELECT version, texte, publiee_le FROM charte_version ORDER BY version DESC LIMIT 1`)) as VersionRow[];
      if (!v) throw new PinError('CHARTE.NO_VERSION', 'Aucune charte n’a encore été publiée.');
      const signed = (await m.query(`SELECT version, signee_le FROM charte_signature WHERE aidant_sub = $1 ORDER BY version DESC`, [u.sub])) as Array<{ version: number; signee_le: Date }>;
      const mine = signed.find((s) => s.version === v.version);
      return {
        version: v.version,
        texte: v.texte,
        publieeLe: v.publiee_le.toISOString(),
        signeeLe: mine?.signee_le.toISOString() ?? null,
        /** Signed an earlier version only: the new one must be signed again. */
        aSigner: !mine,
        derniereVersionSignee: signed[0]?.version ?? null,
      };
    });
  }

  async publish(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parsePayload(charterVersionSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      // Versions are numbered 1, 2, 3…: concurrent publications are serialised.
      await m.query(`LOCK TABLE charte_version IN SHARE ROW EXCLUSIVE MODE`);
      const [row] = (await m.query(`INSERT INTO charte_version (version, texte, publiee_par) SELECT COALESCE(max(version), 0) + 1, $1, $2 FROM charte_version RETURNING version`, [body.texte, u.sub])) as Array<{ version: number }>;
      await this.journal.append(m, [{ action: 'charte.publiee', subjectId: `charte-${row.version}`, actorSub: u.sub, data: { version: row.version } }]);
      events.record(CharterPublishedV1, { subject: `charte-${row.version}`, data: { version: row.version }, correlationId: RequestContext.correlationId() });
      return { version: row.version };
    });
  }

  async sign(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.charterSign);
    const body = parsePayload(signCharterSchema, rpc.body);
    const own = u.structures.filter((s) => s !== '*');
    const structureId = body.structureId ?? (own.length === 1 ? own[0] : null);
    if (structureId) requireStructureScope(u, structureId);
    return this.outbox.run(async (m, events) => {
      const [v] = (await m.query(`SELECT version FROM charte_version ORDER BY version DESC LIMIT 1 FOR SHARE`)) as Array<{ version: number }>;
      if (!v) throw new PinError('CHARTE.NO_VERSION', 'Aucune charte n’a encore été publiée.');
      if (v.version !== body.version) throw new PinError('CHARTE.NOT_CURRENT', `Cette version n’est plus en vigueur : signez la version ${v.version}.`, { versionEnVigueur: v.version });
      const id = randomUUID();
      const inserted = (await m.query(
        `INSERT INTO charte_signature (id, version, aidant_sub, structure_id) VALUES ($1, $2, $3, $4) ON CONFLICT (version, aidant_sub) DO NOTHING RETURNING id, signee_le`,
        [id, v.version, u.sub, structureId],
      )) as Array<{ id: string; signee_le: Date }>;
      if (inserted.length === 0) {
        const [s] = (await m.query(`SELECT id, signee_le FROM charte_signature WHERE version = $1 AND aidant_sub = $2`, [v.version, u.sub])) as Array<{ id: string; signee_le: Date }>;
        return { signatureId: s.id, version: v.version, signeeLe: s.signee_le.toISOString(), dejaSignee: true };
      }
      await this.journal.append(m, [{ action: 'charte.signee', subjectId: `charte-${v.version}`, structureId, actorSub: u.sub, data: { signatureId: id, version: v.version } }]);
      events.record(CharterSignedV1, { subject: id, data: { signatureId: id, aidantSub: u.sub, structureId, version: v.version }, correlationId: RequestContext.correlationId() });
      return { signatureId: id, version: v.version, signeeLe: inserted[0].signee_le.toISOString(), dejaSignee: false };
    });
  }
}
