import { Injectable } from '@nestjs/common';
import { POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { acting } from '../acting/acting.policy';
import { UsagerRepository } from '../usagers/usager.repository';
import { journalEntriesOf } from './journal-entries.query';
import { JournalService } from './journal.service';

/** The journal as the usager reads it (their own entries), as an aidant reads a usager's, and the admin's chain verification. */
@Injectable()
export class JournalReadingService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
    private readonly usagers: UsagerRepository,
  ) {}

  mine(caller: UserContext | undefined) {
    const user = requirePolicy(caller, POLICIES.self.read);
    return this.outbox.run(async (m) => {
      const dossiers = await this.usagers.linkedDossiers(m, user.sub);
      const lines = [];
      for (const id of dossiers) lines.push(...(await journalEntriesOf(m, id, null)));
      return { items: lines.sort((a, b) => b.seq - a.seq) };
    });
  }

  ofUsager(caller: UserContext | undefined, rpc: RpcEnvelope) {
    const { structureId } = acting(caller, rpc.structureId);
    return this.outbox.run(async (m) => {
      const usager = await this.usagers.visible(m, rpc.params.id, structureId);
      return { items: await journalEntriesOf(m, usager.id, structureId) };
    });
  }

  verify(caller: UserContext | undefined) {
    requirePolicy(caller, POLICIES.admin.operate);
    return this.journal.verify();
  }
}
