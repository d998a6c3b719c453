import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { listSignalementsSchema, REQUESTS, resolveSignalementSchema, signalementIdSchema } from '@pin/contracts';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

/** Moderation queue of signalements (the public report route is POST /api/v1/lieux/:id/signalements). */
@ApiTags('signalements')
@ApiBearerAuth()
@Controller('api/v1/signalements')
export class SignalementsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Signalements à traiter (ceux des lieux de mes structures pour un référent, tous pour un animateur)' })
  list(@Query(new ZodPipe(listSignalementsSchema)) query: unknown) {
    return this.services.request(REQUESTS.directory.signalementList, query);
  }

  @Post(':id/resolution')
  @HttpCode(200)
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Traiter un signalement : corriger le lieu (correction, fermer) ou rejeter, avec un motif' })
  @ApiBody({ schema: z.toJSONSchema(resolveSignalementSchema, { io: 'input', unrepresentable: 'any' }) as object })
  resolve(@Param('id', new ZodPipe(signalementIdSchema)) id: string, @Body(new ZodPipe(resolveSignalementSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.signalementResolve, { id, body });
  }
}
