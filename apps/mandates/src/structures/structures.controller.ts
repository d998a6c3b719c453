import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PinError, REQUESTS, structureIdSchema } from '@pin/contracts';
import { requireRole, requireStructureScope } from '@pin/auth';
import { RequestContext } from '@pin/observability';
import { KnownStructure } from './known-structure.entity';

/** What mandates knows of a structure (from events): lets operators check the projection. */
@Controller()
export class KnownStructuresController {
  constructor(@InjectRepository(KnownStructure) private readonly repo: Repository<KnownStructure>) {}

  @MessagePattern(REQUESTS.mandates.structureProjectionGet)
  async get(@Payload() p: { id?: unknown }) {
    const user = requireRole(RequestContext.get()?.user, 'referent', 'animateur', 'admin');
    const id = structureIdSchema.safeParse(p?.id);
    if (!id.success) throw new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');
    requireStructureScope(user, id.data);
    const row = await this.repo.findOneBy({ id: id.data });
    if (!row) throw new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');
    return { id: row.id, nom: row.nom, commune: row.commune, codeInsee: row.codeInsee, version: row.sourceVersion };
  }
}
