import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { createHabilitationSchema, decideHabilitationSchema, habilitationDecisionSchema, listHabilitationsSchema, REQUESTS } from '@pin/contracts';
import { Public, Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));

/** Habilitation of aidants, the public verification of a printed mandate, the journal check. */
@ApiTags('mandats')
@ApiBearerAuth()
@Controller('api/v1')
export class HabilitationsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('habilitations')
  @Roles('aidant', 'mediateur', 'referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Habilitations (référent : ses structures ; animateur : toutes ; aidant : les siennes)' })
  list(@Query(new ZodPipe(listHabilitationsSchema)) q: unknown) {
    return this.services.request(REQUESTS.mandates.habilitationList, q);
  }

  @Post('habilitations')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Demander l’habilitation d’un aidant (référent de la structure)' })
  @ApiBody({ schema: z.toJSONSchema(createHabilitationSchema, { io: 'input' }) as object })
  create(@Body(new ZodPipe(createHabilitationSchema)) body: unknown) {
    return this.services.request(REQUESTS.mandates.habilitationCreate, body);
  }

  @Post('habilitations/:id/:decision')
  @HttpCode(200)
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Accorder, refuser (animateur) ou retirer (animateur, référent) une habilitation' })
  decide(@Param('id', idParam) id: string, @Param('decision', new ZodPipe(habilitationDecisionSchema)) decision: string, @Body(new ZodPipe(decideHabilitationSchema)) body: unknown) {
    return this.services.request(REQUESTS.mandates.habilitationDecide, { id, decision, body });
  }

  @Get('verifications/:token')
  @Public()
  @ApiOperation({ summary: 'Vérifier un mandat imprimé (QR code) : validité et périmètre, sans donnée personnelle' })
  verify(@Param('token') token: string) {
    return this.services.request(REQUESTS.mandates.mandatVerify, { token });
  }

  @Get('admin/mandats/journal/verification')
  @Roles('admin')
  @ApiOperation({ summary: 'Recalculer la chaîne du journal des mandats ; nomme la première entrée rompue' })
  verifyJournal() {
    return this.services.request(REQUESTS.mandates.journalVerify, {});
  }

  @Post('admin/mandats/taches/:tache')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Lancer maintenant une tâche planifiée (echeances, purge)' })
  runTask(@Param('tache', new ZodPipe(z.enum(['echeances', 'purge'], { message: 'Tâche inconnue.' }))) tache: string) {
    return this.services.request(REQUESTS.mandates.maintenanceRun, { tache });
  }
}
