import { Injectable } from '@nestjs/common';
import { DEMARCHES, PinError, POLICIES, verificationTokenSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { acting } from '../acting/acting.policy';
import { UsagerRepository } from '../usagers/usager.repository';
import { MandateAccessPolicy } from './mandate-access.policy';
import { autorisationStatut, mandatStatut, revokedAt } from './mandate.present';
import { MandateRepository } from './mandate.repository';

const unknownToken = () => new PinError('MANDAT.NOT_FOUND', 'Ce code de vérification ne correspond à aucun mandat.');

/** Reading mandates: one, a usager's in the structure, the usager's own, and the public verification. */
@Injectable()
export class MandateQueriesService {
  constructor(
    private readonly outbox: Outbox,
    private readonly mandates: MandateRepository,
    private readonly usagers: UsagerRepository,
    private readonly access: MandateAccessPolicy,
  ) {}

  get(caller: UserContext | undefined, rpc: RpcEnvelope) {
    return this.outbox.run(async (m) => {
      const { mandat } = await this.access.visible(m, caller, rpc.params.id, rpc.structureId);
      return (await this.mandates.present(m, [mandat]))[0];
    });
  }

  forUsager(caller: UserContext | undefined, rpc: RpcEnvelope) {
    const { structureId } = acting(caller, rpc.structureId);
    return this.outbox.run(async (m) => {
      const usager = await this.usagers.visible(m, rpc.params.id, structureId);
      return { items: await this.mandates.present(m, await this.mandates.forUsager(m, usager.id, structureId)) };
    });
  }

  mine(caller: UserContext | undefined) {
    const user = requirePolicy(caller, POLICIES.self.read);
    return this.outbox.run(async (m) => ({ items: await this.mandates.present(m, await this.mandates.forAccount(m, user.sub)) }));
  }

  /** Public, from the QR code: validity and scope, never a name. */
  verify(rpc: RpcEnvelope) {
    const token = verificationTokenSchema.safeParse(rpc.params.token);
    if (!token.success) throw unknownToken();
    return this.outbox.run(async (m) => {
      const row = await this.mandates.byVerificationToken(m, token.data);
      if (!row) throw unknownToken();
      const auts = await this.mandates.autorisationsOf(m, row.id);
      const now = new Date();
      return {
        statut: mandatStatut(row, auts, now),
        debut: row.debut.toISOString(),
        fin: row.fin.toISOString(),
        revoqueLe: revokedAt(row, auts)?.toISOString() ?? null,
        structure: row.structure_nom,
        demarches: auts.map((a) => ({ slug: a.demarche, label: DEMARCHES[a.demarche], active: autorisationStatut(a, now) === 'active' || autorisationStatut(a, now) === 'a_venir' })),
        empreinte: row.creation_hash,
        verifieLe: now.toISOString(),
      };
    });
  }
}
