import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { attestationCodeParamsSchema, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { isUuid } from '../sessions/session.repository';
import { normalizeCode } from './attestation-code';
import { AttestationRepository, presentAttestation, presentVerification, type AttestationRow } from './attestation.repository';
import { CompletionService } from './completion.service';
import { renderTrainingAttestation } from './pdf/attestation.pdf';

const attestationNotFound = () => new PinError('ATTESTATION.NOT_FOUND', 'Aucune attestation de formation ne porte ce code.');

/** The holder, a referent of the holder's structure, the network. */
function canRead(u: UserContext, a: AttestationRow): boolean {
  return a.participant_username === u.username || hasRole(u, ...NETWORK_ROLES) || (hasRole(u, 'referent') && !!a.structure_id && u.structures.includes(a.structure_id));
}

/** Attestations: the holder's list, the printed attestation, the public verification by code. */
@Injectable()
export class AttestationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly attestations: AttestationRepository,
    private readonly completion: CompletionService,
  ) {}

  async mine(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.formation.mine);
    return this.outbox.run(async (m, events) => {
      await this.completion.identify(m, events, u);
      return { items: (await this.attestations.mine(m, u.username)).map(presentAttestation) };
    });
  }

  async verify(rpc: RpcEnvelope) {
    const p = attestationCodeParamsSchema.safeParse(rpc.params);
    if (!p.success) throw attestationNotFound();
    const a = await this.attestations.byCode(this.ds.manager, normalizeCode(p.data.code));
    if (!a) throw attestationNotFound();
    return presentVerification(a);
  }

  /** One-page PDF; the QR code points to the public verification page of the web app at the gateway's `publicUrl`. */
  async pdf(user: UserContext | undefined, rpc: RpcEnvelope<{ publicUrl?: unknown } | undefined>) {
    const u = requirePolicy(user, POLICIES.formation.register);
    const id = rpc.params.id;
    const a = isUuid(id) ? await this.attestations.byId(this.ds.manager, id) : undefined;
    if (!a || !canRead(u, a)) throw new PinError('ATTESTATION.NOT_FOUND', 'Attestation introuvable.');
    const publicUrl = rpc.body?.publicUrl;
    const base = typeof publicUrl === 'string' && /^https?:\/\//.test(publicUrl) ? publicUrl.replace(/\/$/, '') : '';
    const pdf = await renderTrainingAttestation({
      code: a.code,
      titulaire: a.participant_nom ?? a.participant_username,
      type: a.module_id ? 'module' : 'parcours',
      intitule: a.titre,
      dureeMinutes: a.duree_minutes,
      contenu: await this.attestations.content(this.ds.manager, a),
      requisHabilitation: a.requis_habilitation,
      delivreeLe: a.delivree_le,
      verificationUrl: `${base}/app/formations/verifier/${a.code}`,
    });
    return { filename: `attestation-formation-${a.code}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
  }
}
