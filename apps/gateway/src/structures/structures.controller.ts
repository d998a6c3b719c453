import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { createStructureSchema, listStructuresSchema, REQUESTS, structureIdSchema, updateStructureSchema } from '@pin/contracts';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

const idParam = new ZodPipe(structureIdSchema);

/** Structures (organisations running lieux), owned by the directory service. */
@ApiTags('structures')
@ApiBearerAuth()
@Controller('api/v1/structures')
export class StructuresController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Créer une structure (animateur, admin)' })
  @ApiBody({ schema: z.toJSONSchema(createStructureSchema, { io: 'input' }) as object })
  create(@Body(new ZodPipe(createStructureSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.structureCreate, body);
  }

  @Get()
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Lister les structures visibles (les siennes pour un référent)' })
  list(@Query(new ZodPipe(listStructuresSchema)) query: unknown) {
    return this.services.request(REQUESTS.directory.structureList, query);
  }

  @Get(':id')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Lire une structure' })
  get(@Param('id', idParam) id: string) {
    return this.services.request(REQUESTS.directory.structureGet, { id });
  }

  @Patch(':id')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Modifier une structure (référent de cette structure, animateur, admin)' })
  @ApiBody({ schema: z.toJSONSchema(updateStructureSchema, { io: 'input' }) as object })
  update(@Param('id', idParam) id: string, @Body(new ZodPipe(updateStructureSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.structureUpdate, { id, body });
  }
}
