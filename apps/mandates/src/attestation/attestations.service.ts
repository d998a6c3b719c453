import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEMARCHES, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { MandateAccessPolicy } from '../mandates/mandate-access.policy';
import { revokedAt, type AutorisationRow, type MandatRow } from '../mandates/mandate.present';
import { MandateRepository } from '../mandates/mandate.repository';
import { claimCodeHash } from '../usagers/usager.present';
import { renderMandateAttestation, renderRevocationAttestation } from './attestation.pdf';
import type { AttestationParties } from './attestation.types';

/** Body of an attestation request, filled by the gateway's hand-written PDF route. */
interface AttestationBody {
  /** The claim code from the creation answer: printed only if it matches the stored hash. */
  code?: unknown;
  /** Gateway's public URL: the QR code points to `<publicUrl>/verifier/<token>`. */
  publicUrl?: unknown;
}

const label = (a: AutorisationRow) => ({ slug: a.demarche, label: DEMARCHES[a.demarche] ?? a.demarche });

/** Printable attestations (PDF drawn by attestation.pdf.ts), returned as base64. */
@Injectable()
export class AttestationsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly mandates: MandateRepository,
    private readonly access: MandateAccessPolicy,
  ) {}

  async mandat(caller: UserContext | undefined, rpc: RpcEnvelope<AttestationBody | undefined>) {
    requirePolicy(caller, POLICIES.mandat.attestation);
    const p = rpc.body ?? {};
    return this.outbox.run(async (m) => {
      const { mandat } = await this.access.visible(m, caller, rpc.params.id, rpc.structureId);
      const { parties, claim } = await loadParties(m, mandat);
      const auts = await this.mandates.autorisationsOf(m, mandat.id);
      const code = typeof p.code === 'string' && claim.hash && claim.hash === claimCodeHash(p.code) && !claim.linked ? p.code.toUpperCase() : null;
      const pdf = await renderMandateAttestation({
        ...parties,
        mandatId: mandat.id,
        demarches: auts.map(label),
        dureeJours: mandat.duree_jours,
        debut: mandat.debut,
        fin: mandat.fin,
        consentementLe: mandat.consentement_le,
        codeReclamation: code,
        verificationUrl: verificationUrl(p.publicUrl, mandat.verification_token),
        empreinte: mandat.creation_hash,
        editeLe: new Date(),
      });
      return { filename: `mandat-${mandat.id.slice(0, 8)}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
    });
  }

  async revocation(caller: UserContext | undefined, rpc: RpcEnvelope<AttestationBody | undefined>) {
    requirePolicy(caller, POLICIES.mandat.revocationAttestation);
    const p = rpc.body ?? {};
    return this.outbox.run(async (m) => {
      const { mandat } = await this.access.visible(m, caller, rpc.params.id, rpc.structureId);
      const auts = await this.mandates.autorisationsOf(m, mandat.id);
      const revoked = auts.filter((a) => a.revoque_le && a.revoque_motif === 'revocation');
      if (revoked.length === 0) throw new PinError('MANDAT.INACTIVE', "Ce mandat n'a fait l'objet d'aucune révocation.");
      const { parties } = await loadParties(m, mandat);
      const [last] = (await m.query(
        `SELECT j.data, p.details FROM journal_entry j LEFT JOIN journal_personal p ON p.seq = j.seq
          WHERE j.mandat_id = $1 AND j.action = 'autorisation.revoquee' AND j.data->>'motif' = 'revocation' ORDER BY j.seq DESC LIMIT 1`,
        [mandat.id],
      )) as Array<{ data: { par?: string }; details: { acteur?: string } | null }>;
      const role = last?.data?.par === 'usager' ? 'usager' : 'aidant';
      const nom = role === 'usager' ? `${parties.usager.prenoms} ${parties.usager.nom}` : (last?.details?.acteur ?? 'un aidant');
      const pdf = await renderRevocationAttestation({
        ...parties,
        mandatId: mandat.id,
        revoqueLe: revokedAt(mandat, auts) ?? new Date(Math.max(...revoked.map((a) => a.revoque_le!.getTime()))),
        revoquePar: { role, nom },
        demarchesRevoquees: revoked.map(label),
        demarchesMaintenues: auts.filter((a) => !a.revoque_le && a.fin > new Date()).map(label),
        debut: mandat.debut,
        fin: mandat.fin,
        verificationUrl: verificationUrl(p.publicUrl, mandat.verification_token),
        editeLe: new Date(),
      });
      return { filename: `revocation-${mandat.id.slice(0, 8)}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
    });
  }
}

function verificationUrl(publicUrl: unknown, token: string): string {
  const base = typeof publicUrl === 'string' && /^https?:\/\//.test(publicUrl) ? publicUrl.replace(/\/$/, '') : '';
  return `${base}/verifier/${token}`;
}

async function loadParties(m: EntityManager, mandat: MandatRow): Promise<{ parties: AttestationParties; claim: { hash: string | null; linked: boolean } }> {
  const [u] = (await m.query(
    `SELECT nom, prenoms, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, lieu_naissance, claim_code_hash, account_sub, purged_at FROM usager WHERE id = $1`,
    [mandat.usager_id],
  )) as Array<{ nom: string | null; prenoms: string | null; date_naissance: string | null; lieu_naissance: string | null; claim_code_hash: string | null; account_sub: string | null; purged_at: Date | null }>;
  if (!u || u.purged_at) throw new PinError('MANDAT.NOT_FOUND', 'Mandat introuvable.');
  const [s] = (await m.query(`SELECT nom, commune FROM known_structure WHERE id = $1`, [mandat.structure_id])) as Array<{ nom: string; commune: string }>;
  return {
    parties: {
      usager: { nom: u.nom ?? '', prenoms: u.prenoms ?? '', dateNaissance: u.date_naissance ?? '', lieuNaissance: u.lieu_naissance ?? '' },
      aidant: { nom: mandat.cree_par_nom ?? mandat.cree_par_username },
      structure: { nom: s?.nom ?? mandat.structure_nom ?? 'Structure', commune: s?.commune ?? null },
    },
    claim: { hash: u.claim_code_hash, linked: u.account_sub !== null },
  };
}
