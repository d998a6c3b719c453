import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  claimUsagerSchema,
  createMandatSchema,
  createUsagerSchema,
  REQUESTS,
  revokeMandatSchema,
  searchUsagersSchema,
  structureSelectionSchema,
  updateUsagerSchema,
  type CreateMandat,
} from '@pin/contracts';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';
import { selectedStructure } from './selected-structure';

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));
const ACTING = ['aidant', 'mediateur', 'referent'] as const;
const structureHeader = { name: 'X-Pin-Structure', required: false, description: 'Structure au nom de laquelle l’aidant agit (sinon celle du jeton, si unique)' };

/** Usagers and mandates (service `mandates`). An aidant acts within one selected structure. */
@ApiTags('mandats')
@ApiBearerAuth()
@ApiHeader(structureHeader)
@Controller('api/v1')
export class MandatesController {
  constructor(private readonly services: ServiceClient) {}

  @Get('usagers')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Chercher parmi les usagers suivis par la structure' })
  searchUsagers(@Req() req: FastifyRequest, @Query(new ZodPipe(searchUsagersSchema)) q: z.infer<typeof searchUsagersSchema>) {
    return this.services.request(REQUESTS.mandates.usagerSearch, { ...q, structureId: selectedStructure(req, q.structureId) });
  }

  @Post('usagers')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Créer un usager (identité vérifiée sur pièce ; alerte de doublon)' })
  @ApiBody({ schema: z.toJSONSchema(createUsagerSchema, { io: 'input' }) as object })
  createUsager(@Req() req: FastifyRequest, @Body(new ZodPipe(createUsagerSchema)) body: z.infer<typeof createUsagerSchema>) {
    return this.services.request(REQUESTS.mandates.usagerCreate, { ...body, structureId: selectedStructure(req, body.structureId) });
  }

  @Get('usagers/:id')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Lire un usager (consultation journalisée)' })
  getUsager(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Query(new ZodPipe(structureSelectionSchema)) q: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.usagerGet, { id, structureId: selectedStructure(req, q.structureId) });
  }

  @Patch('usagers/:id')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Modifier les coordonnées d’un usager (journalisé)' })
  updateUsager(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Body(new ZodPipe(updateUsagerSchema)) body: unknown, @Query(new ZodPipe(structureSelectionSchema)) q: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.usagerUpdate, { id, body, structureId: selectedStructure(req, q.structureId) });
  }

  @Get('usagers/:id/mandats')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Mandats d’un usager dans la structure' })
  usagerMandats(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Query(new ZodPipe(structureSelectionSchema)) q: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.usagerMandats, { id, structureId: selectedStructure(req, q.structureId) });
  }

  @Get('usagers/:id/journal')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Journal d’un usager (entrées de la structure)' })
  usagerJournal(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Query(new ZodPipe(structureSelectionSchema)) q: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.usagerJournal, { id, structureId: selectedStructure(req, q.structureId) });
  }

  @Post('usagers/:id/code-reclamation')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Émettre un nouveau code à usage unique pour que l’usager relie son compte' })
  claimCode(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Body(new ZodPipe(structureSelectionSchema)) body: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.usagerClaimCode, { id, structureId: selectedStructure(req, body.structureId) });
  }

  @Post('mandats')
  @Roles(...ACTING)
  @ApiOperation({ summary: 'Créer un mandat (aidant habilité ; Idempotency-Key obligatoire)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: z.toJSONSchema(createMandatSchema, { io: 'input' }) as object })
  createMandat(@Req() req: FastifyRequest, @Headers('idempotency-key') key: string | undefined, @Body(new ZodPipe(createMandatSchema)) body: CreateMandat) {
    return this.services.request(REQUESTS.mandates.mandatCreate, { idempotencyKey: key, body: { ...body, structureId: selectedStructure(req, body.structureId) } });
  }

  @Get('mandats/:id')
  @Roles(...ACTING, 'usager')
  @ApiOperation({ summary: 'Lire un mandat (aidant de la structure, ou l’usager lui-même)' })
  getMandat(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Query(new ZodPipe(structureSelectionSchema)) q: { structureId?: string }) {
    return this.services.request(REQUESTS.mandates.mandatGet, { id, structureId: selectedStructure(req, q.structureId) });
  }

  @Post('mandats/:id/revocation')
  @HttpCode(200)
  @Roles(...ACTING, 'usager')
  @ApiOperation({ summary: 'Révoquer un mandat entier ou certaines démarches (aidant de la structure, ou l’usager lui-même) ; effet immédiat' })
  @ApiBody({ schema: z.toJSONSchema(revokeMandatSchema, { io: 'input' }) as object })
  revoke(@Req() req: FastifyRequest, @Param('id', idParam) id: string, @Body(new ZodPipe(revokeMandatSchema.extend({ structureId: z.uuid().optional() }))) body: { demarches?: string[]; structureId?: string }) {
    const { structureId, ...rest } = body;
    return this.services.request(REQUESTS.mandates.mandatRevoke, { id, body: rest, structureId: selectedStructure(req, structureId) });
  }

  @Get('moi/mandats')
  @Roles('usager')
  @ApiOperation({ summary: 'Mes mandats (usager)' })
  myMandats() {
    return this.services.request(REQUESTS.mandates.myMandats, {});
  }

  @Get('moi/journal')
  @Roles('usager')
  @ApiOperation({ summary: 'Mon journal (usager) : qui a fait quoi en mon nom' })
  myJournal() {
    return this.services.request(REQUESTS.mandates.myJournal, {});
  }

  @Post('moi/reclamation')
  @HttpCode(200)
  @Roles('usager')
  @ApiOperation({ summary: 'Relier mon compte à mon dossier avec le code imprimé sur mon mandat' })
  claim(@Body(new ZodPipe(claimUsagerSchema)) body: unknown) {
    return this.services.request(REQUESTS.mandates.usagerClaim, body);
  }
}
