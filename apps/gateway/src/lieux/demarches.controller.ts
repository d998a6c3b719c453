import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { createDemarcheSchema, demarcheSlugSchema, REQUESTS, updateDemarcheSchema } from '@pin/contracts';
import { Public, Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

/** The démarches catalogue (référentiel d'activités): public list, managed by animateurs. */
@ApiTags('démarches')
@ApiBearerAuth()
@Controller('api/v1/demarches')
export class DemarchesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Démarches actives, groupées par thème (public)' })
  list() {
    return this.services.request(REQUESTS.directory.demarcheList, {});
  }

  @Get('gestion')
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Toutes les démarches, désactivées comprises (animateur, admin)' })
  listAll() {
    return this.services.request(REQUESTS.directory.demarcheList, { inactives: 'true' });
  }

  @Post()
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Ajouter une démarche au catalogue (animateur, admin)' })
  @ApiBody({ schema: z.toJSONSchema(createDemarcheSchema, { io: 'input' }) as object })
  create(@Body(new ZodPipe(createDemarcheSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.demarcheCreate, body);
  }

  @Patch(':slug')
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Renommer, déplacer, désactiver ou réactiver une démarche (animateur, admin)' })
  @ApiBody({ schema: z.toJSONSchema(updateDemarcheSchema, { io: 'input' }) as object })
  update(@Param('slug', new ZodPipe(demarcheSlugSchema)) slug: string, @Body(new ZodPipe(updateDemarcheSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.demarcheUpdate, { slug, body });
  }
}
