import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError, POLICIES, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { acting, isUsagerOnly, isUuid } from '../acting/acting.policy';
import { MandateRepository, type MandatWithAccount } from './mandate.repository';

export const mandateNotFound = () => new PinError('MANDAT.NOT_FOUND', 'Mandat introuvable.');

export interface VisibleMandate {
  mandat: MandatWithAccount;
  /** Who acts on it: the usager themself, or an aidant of its structure. */
  par: 'usager' | 'aidant';
  user: UserContext;
}

/**
 * A mandate the caller may see: the usager whose account is linked to it, or an aidant acting
 * in the mandate's structure. Anything else is 404 (never says that it exists elsewhere).
 */
@Injectable()
export class MandateAccessPolicy {
  constructor(private readonly mandates: MandateRepository) {}

  async visible(m: EntityManager, user: UserContext | undefined, id: unknown, requestedStructure: unknown, forUpdate = false): Promise<VisibleMandate> {
    const u = requirePolicy(user, POLICIES.mandat.read);
    if (!isUuid(id)) throw mandateNotFound();
    const row = await this.mandates.byIdWithAccount(m, id, forUpdate);
    if (isUsagerOnly(u)) {
      if (!row || row.account_sub !== u.sub) throw mandateNotFound();
      return { mandat: row, par: 'usager', user: u };
    }
    const { structureId } = acting(u, requestedStructure);
    if (!row || row.structure_id !== structureId) throw mandateNotFound();
    return { mandat: row, par: 'aidant', user: u };
  }
}
