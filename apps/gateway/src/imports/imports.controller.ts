import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  doublonDecisionSchema, importIdSchema, importQuerySchema, listDoublonsSchema, PinError, REQUESTS, type ImportQuery,
} from '@pin/contracts';
import { Roles } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';
import { IMPORT_FILES_REDIS, RAW_IMPORT_TYPES } from './import-upload';

/** How long an uploaded file waits in Redis for its import job. */
const FILE_TTL_SECONDS = 24 * 3600;
const uuidParam = new ZodPipe(importIdSchema);

/** Import of lieux files (animateurs, admins) and review of possible duplicates. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1')
export class ImportsController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(IMPORT_FILES_REDIS) private readonly redis: Redis,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @Roles('animateur', 'admin')
  @ApiOperation({
    summary: 'Importer un fichier de lieux (standard v1.0.2 CSV/JSON, v0.1 CSV/JSON ; UTF-8 ou Latin-1 ; 10 Mo au plus)',
    description: 'Le corps est le fichier. Réponse 202 avec l’identifiant de l’import ; suivre la progression avec GET /api/v1/imports/{id}.',
  })
  @ApiConsumes('text/csv', 'application/json', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  async upload(@Query(new ZodPipe(importQuerySchema)) query: ImportQuery, @Req() req: FastifyRequest) {
    const file = toBuffer(req);
    const fileKey = `pin:import:file:${randomUUID()}`;
    await this.redis.set(fileKey, file, 'EX', FILE_TTL_SECONDS);
    try {
      return await this.services.request(REQUESTS.directory.importStart, { ...query, fileKey });
    } catch (err) {
      await this.redis.del(fileKey).catch(() => undefined);
      throw err;
    }
  }

  @Get('imports')
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Lister les derniers imports' })
  list() {
    return this.services.request(REQUESTS.directory.importList, {});
  }

  @Get('imports/:id')
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: "Suivre un import : statut, progression, lignes rejetées (avec numéro de ligne et motif)" })
  get(@Param('id', uuidParam) id: string) {
    return this.services.request(REQUESTS.directory.importGet, { id });
  }

  @Get('doublons')
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Lister les doublons possibles entre sources, à examiner' })
  doublons(@Query(new ZodPipe(listDoublonsSchema)) query: unknown) {
    return this.services.request(REQUESTS.directory.doublonList, query);
  }

  @Post('doublons/:id')
  @HttpCode(200)
  @Roles('animateur', 'admin')
  @ApiOperation({ summary: 'Décider : « distincts » ou « fusionner » (ferme le lieu en double, garde l’autre)' })
  @ApiBody({ schema: z.toJSONSchema(doublonDecisionSchema) as object })
  decide(@Param('id', uuidParam) id: string, @Body(new ZodPipe(doublonDecisionSchema)) body: unknown) {
    return this.services.request(REQUESTS.directory.doublonDecide, { id, body });
  }
}

function toBuffer(req: FastifyRequest): Buffer {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const body = req.body;
  let file: Buffer | undefined;
  if (Buffer.isBuffer(body)) file = body;
  else if (type === 'application/json' && body !== undefined && body !== null) file = Buffer.from(JSON.stringify(body), 'utf8');
  if (!type || (type !== 'application/json' && !RAW_IMPORT_TYPES.includes(type))) {
    throw new PinError('REQUEST.INVALID', 'Type de fichier non pris en charge : envoyez du CSV (text/csv) ou du JSON (application/json).');
  }
  if (!file || file.length === 0) throw new PinError('REQUEST.INVALID', 'Le fichier est vide.');
  return file;
}
