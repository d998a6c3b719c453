import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError, type UserContext } from '@pin/contracts';
import { HabilitationRepository } from './habilitation.repository';

/** "Is this aidant habilitated in this structure?" — asked before any mandate is created. */
@Injectable()
export class AidantHabilitationPolicy {
  constructor(private readonly habilitations: HabilitationRepository) {}

  /** Throws `MANDAT.AIDANT_NOT_HABILITATED` unless the acting user holds a granted habilitation (records their `sub` on first use). */
  async require(m: EntityManager, user: UserContext, structureId: string): Promise<void> {
    if (!(await this.habilitations.claimGranted(m, user, structureId))) {
      throw new PinError('MANDAT.AIDANT_NOT_HABILITATED', "Vous n'êtes pas habilité·e à créer des mandats pour cette structure. Demandez à votre référent une habilitation.");
    }
  }
}
