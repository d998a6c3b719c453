import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Outbox } from '@pin/messaging';
import { AttestationRepository } from '../attestations/attestation.repository';
import { CompletionService } from '../attestations/completion.service';
import { listPixSchema, parsePayload, PinError, POLICIES, recordPixSchema, type RpcEnvelope, type TrainingPixResult, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';

interface PixRow {
  id: string;
  structure_id: string;
  aidant_username: string;
  aidant_nom: string | null;
  score: number;
  passe_le: string;
  code_verification: string;
  commentaire: string | null;
  enregistre_par: string;
  enregistre_le: Date;
  seuil_atteint: boolean;
}

export const PIX_SETTINGS = Symbol('PIX_SETTINGS');
export interface PixSettings {
  /** Score a result must reach to count as « test PIX réussi » (`TRAINING_PIX_MIN_SCORE`). */
  minScore: number;
}

const present = (r: PixRow): TrainingPixResult => ({
  id: r.id,
  structureId: r.structure_id,
  aidant: { username: r.aidant_username, nom: r.aidant_nom },
  score: r.score,
  date: r.passe_le,
  preuve: { codeVerification: r.code_verification, commentaire: r.commentaire },
  enregistrePar: r.enregistre_par,
  enregistreLe: r.enregistre_le.toISOString(),
  seuilAtteint: r.seuil_atteint,
});

const SELECT = `SELECT id, structure_id, aidant_username, aidant_nom, score, to_char(passe_le, 'YYYY-MM-DD') AS passe_le, code_verification, commentaire, enregistre_par, enregistre_le, seuil_atteint FROM pix_result`;

/** PIX results (score and date) recorded by the referent with the certificate's verification code. */
@Injectable()
export class PixService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly attestations: AttestationRepository,
    private readonly completion: CompletionService,
    @Inject(PIX_SETTINGS) private readonly settings: PixSettings,
  ) {}

  async record(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.pix);
    const body = parsePayload(recordPixSchema, rpc.body);
    const own = u.structures.filter((s) => s !== '*');
    const structureId = body.structureId ?? (own.length === 1 ? own[0] : undefined);
    if (!structureId) throw new PinError('PIX.STRUCTURE_REQUIRED', 'Indiquez la structure de l’aidant.', [{ path: 'structureId', message: 'Structure : ce champ est obligatoire.' }]);
    // Referents record for their own structures only; the network for any.
    if (!hasRole(u, ...NETWORK_ROLES)) requireStructureScope(u, structureId);
    const id = randomUUID();
    return this.outbox.run(async (m, events) => {
      // The aidant's subject id when this service already knows them; else the event waits for their first action in PIN.
      const sub = await this.attestations.knownSub(m, body.aidant.username);
      await m.query(
        `INSERT INTO pix_result (id, structure_id, aidant_username, aidant_nom, score, passe_le, code_verification, commentaire, enregistre_par, aidant_sub, seuil_atteint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, structureId, body.aidant.username, body.aidant.nom ?? null, body.score, body.date, body.preuve.codeVerification, body.preuve.commentaire ?? null, u.username, sub, body.score >= this.settings.minScore],
      );
      // `pin.training.pix.recorded.v1` through the outbox, in this transaction (mandates: « test PIX réussi »).
      await this.completion.emitPending(m, events, body.aidant.username);
      return present(((await m.query(`${SELECT} WHERE id = $1`, [id])) as PixRow[])[0]);
    });
  }

  async list(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.pixRead);
    const q = parsePayload(listPixSchema, rpc.query);
    if (q.structureId && !hasRole(u, ...NETWORK_ROLES)) requireStructureScope(u, q.structureId);
    // The network sees every result, a referent their structures', an aidant their own.
    const scope = hasRole(u, ...NETWORK_ROLES) ? { structures: null, username: null } : hasRole(u, 'referent') ? { structures: u.structures, username: null } : { structures: null, username: u.username };
    const rows = (await this.ds.query(
      `${SELECT} WHERE ($1::uuid IS NULL OR structure_id = $1) AND ($2::uuid[] IS NULL OR structure_id = ANY($2::uuid[])) AND ($3::text IS NULL OR aidant_username = $3)
        ORDER BY passe_le DESC, enregistre_le DESC LIMIT 200`,
      [q.structureId ?? null, scope.structures, scope.username],
    )) as PixRow[];
    return { items: rows.map(present) };
  }
}
