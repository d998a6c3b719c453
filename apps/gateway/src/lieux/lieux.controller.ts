import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  closeLieuSchema, createLieuSchema, createSignalementSchema, lieuIdSchema, listMesLieuxSchema, referentiels, REQUESTS, updateLieuSchema,
} from '@pin/contracts';
import { Public, Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';
import { REPORT_ROUTE_CONFIG } from './report-rate-limit';

const idParam = new ZodPipe(lieuIdSchema);
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as object;

/**
 * Lieux (edit, detail, fermeture, signalement) — the public search GET /api/v1/lieux is in
 * ../search. Errors: LIEU.NOT_FOUND, LIEU.VERSION_CONFLICT, LIEU.HORS_FRANCE, LIEU.HORS_DEPARTEMENT,
 * LIEU.INSEE_INCONNU, LIEU.HORAIRES_INVALIDES, DEMARCHE.INCONNUE, AUTH.STRUCTURE_SCOPE.
 */
@ApiTags('lieux')
@ApiBearerAuth()
@Controller('api/v1')
export class LieuxController {
  constructor(private readonly services: ServiceClient) {}

  @Post('lieux')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Créer un lieu (référent de la structure structure_id, animateur, admin)' })
  @ApiBody({ schema: schema(createLieuSchema) })
  create(@Body(new ZodPipe(createLieuSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.lieuCreate, body);
  }

  @Get('lieux/:id')
  @Public()
  @ApiOperation({ summary: "Fiche publique d'un lieu (libellés, horaires en clair, ouvert maintenant, « à vérifier »)" })
  get(@Param('id', idParam) id: string) {
    return this.services.request(REQUESTS.directory.lieuGet, { id });
  }

  @Patch('lieux/:id')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Modifier un lieu (référent de sa structure, animateur, admin) ; `version` : verrouillage optimiste (409)' })
  @ApiBody({ schema: schema(updateLieuSchema) })
  update(@Param('id', idParam) id: string, @Body(new ZodPipe(updateLieuSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.lieuUpdate, { id, body });
  }

  @Post('lieux/:id/fermeture')
  @HttpCode(200)
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Fermer un lieu (il reste consultable, il sort de la recherche)' })
  @ApiBody({ schema: schema(closeLieuSchema) })
  close(@Param('id', idParam) id: string, @Body(new ZodPipe(closeLieuSchema.optional())) body: unknown) {
    return this.services.request(REQUESTS.directory.lieuClose, { id, body: body ?? {} });
  }

  @Post('lieux/:id/signalements')
  @Public()
  @RouteConfig(REPORT_ROUTE_CONFIG)
  @ApiOperation({ summary: 'Signaler une erreur sur un lieu (public, nombre de signalements limité)' })
  @ApiBody({ schema: schema(createSignalementSchema) })
  report(@Param('id', idParam) id: string, @Body(new ZodPipe(createSignalementSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.signalementCreate, { lieuId: id, body });
  }

  @Get('mes-lieux')
  @Roles('referent', 'animateur', 'admin')
  @ApiOperation({ summary: 'Lieux que je gère (ceux de mes structures pour un référent, tous pour un animateur), fermés compris' })
  mine(@Query(new ZodPipe(listMesLieuxSchema)) query: unknown) {
    return this.services.request(REQUESTS.directory.lieuMine, query);
  }

  @Get('referentiels')
  @Public()
  @ApiOperation({ summary: 'Vocabulaires du standard (slug → libellé) pour les formulaires et les filtres' })
  referentiels() {
    return referentiels();
  }
}
