import { Injectable } from '@nestjs/common';
import { parsePayload, PinError, revokeMandatSchema, type Demarche, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { actorName } from '../acting/acting.policy';
import { JournalService } from '../journal/journal.service';
import type { JournalInput } from '../journal/journal.types';
import { MandateAccessPolicy } from './mandate-access.policy';
import { autorisationStatut, mandatStatut } from './mandate.present';
import { MandateRepository } from './mandate.repository';
import { recordAutorisationsRevoked, recordMandatesRevoked } from './mandate-revocations';

/** Revokes a whole mandate or some of its démarches, immediately: by an aidant of its structure or by the usager themself. */
@Injectable()
export class RevokeMandateService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
    private readonly mandates: MandateRepository,
    private readonly access: MandateAccessPolicy,
  ) {}

  async execute(caller: UserContext | undefined, rpc: RpcEnvelope) {
    const body = parsePayload(revokeMandatSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const { mandat, par, user } = await this.access.visible(m, caller, rpc.params.id, rpc.structureId, true);
      const auts = await this.mandates.autorisationsOf(m, mandat.id);
      const now = new Date();
      if (mandatStatut(mandat, auts, now) === 'expire') throw new PinError('MANDAT.INACTIVE', 'Ce mandat est expiré : il ne peut plus être révoqué.');
      const wanted = body.demarches?.length ? new Set<Demarche>(body.demarches) : null;
      const targets = auts.filter((a) => (wanted ? wanted.has(a.demarche) : true) && autorisationStatut(a, now) !== 'revoquee' && autorisationStatut(a, now) !== 'expiree');
      if (targets.length === 0) throw new PinError('MANDAT.ALREADY_REVOKED', 'Ces autorisations sont déjà révoquées ou ne font pas partie du mandat.');
      const parNom = par === 'usager' ? 'l’usager' : actorName(user);
      const revocation = { usagerId: mandat.usager_id, structureId: mandat.structure_id, actor: { sub: user.sub, nom: parNom }, par, at: now, motif: 'revocation' } as const;
      await this.mandates.revokeAutorisations(m, targets.map((a) => a.id), now);
      const entries: JournalInput[] = [];
      recordAutorisationsRevoked(events, entries, targets, revocation);
      recordMandatesRevoked(events, entries, await this.mandates.closeFullyRevoked(m, [mandat.id], par, parNom), revocation);
      await this.journal.append(m, entries);
      return (await this.mandates.present(m, [(await this.mandates.byId(m, mandat.id))!]))[0];
    });
  }
}
