import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PinError, POLICIES, REQUESTS, structureIdSchema, type RpcEnvelope } from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { caller, Envelope } from '@pin/service-kit';
import { KnownStructure } from './known-structure.entity';

/** What mandates knows of a structure (from events): lets operators check the projection. */
@Controller()
export class KnownStructuresHandler {
  constructor(@InjectRepository(KnownStructure) private readonly repo: Repository<KnownStructure>) {}

  @MessagePattern(REQUESTS.mandates.structureProjectionGet)
  async get(@Envelope() rpc: RpcEnvelope) {
    const user = requirePolicy(caller(), POLICIES.structure.read);
    const id = structureIdSchema.safeParse(rpc.params.id);
    if (!id.success) throw new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');
    requireStructureScope(user, id.data);
    const row = await this.repo.findOneBy({ id: id.data });
    if (!row) throw new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');
    return { id: row.id, nom: row.nom, commune: row.commune, codeInsee: row.codeInsee, version: row.sourceVersion };
  }
}
