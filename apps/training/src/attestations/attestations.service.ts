import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { attestationCodeParamsSchema, attestationIdParamsSchema, CertificationWithdrawnV1, parsePayload, PinError, POLICIES, withdrawCertificationSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
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

  /**
   * The network withdraws a certification granted by mistake: the attestation of a path required
   * for habilitation is marked withdrawn (its public verification says so) and, if mandates was told
   * of it, `pin.training.certification.withdrawn.v1` follows through the outbox.
   */
  async withdraw(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.withdraw);
    const { id } = parsePayload(attestationIdParamsSchema, rpc.params);
    const { motif } = parsePayload(withdrawCertificationSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const a = await this.attestations.lock(m, id);
      if (!a) throw new PinError('ATTESTATION.NOT_FOUND', 'Attestation introuvable.');
      if (!a.path_id || !a.requis_habilitation) {
        throw new PinError('ATTESTATION.NOT_A_CERTIFICATION', 'Cette attestation ne certifie pas le parcours requis pour l’habilitation : il n’y a pas de certification à retirer.');
      }
      if (a.retiree_le) throw new PinError('ATTESTATION.ALREADY_WITHDRAWN', 'Cette certification a déjà été retirée.');
      await this.attestations.markWithdrawn(m, a.id, u.username, motif);
      if (a.certification_emise_le && a.participant_sub) {
        events.record(CertificationWithdrawnV1, {
          subject: a.id,
          data: { aidantSub: a.participant_sub, pathId: a.path_id, attestationId: a.id },
          correlationId: RequestContext.correlationId(),
        });
      }
      return presentAttestation((await this.attestations.byId(m, a.id))!);
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
