import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { importQuerySchema, PinError, POLICIES, REQUESTS, rpc, type ImportQuery } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';
import { IMPORT_FILES_REDIS, RAW_IMPORT_TYPES } from './import-upload';

/** How long an uploaded file waits in Redis for its import job. */
const FILE_TTL_SECONDS = 24 * 3600;

/** Upload of a lieux file (animateurs, admins): the edge stores the file for the directory's import job. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1')
export class ImportUploadController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(IMPORT_FILES_REDIS) private readonly redis: Redis,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @Access(POLICIES.import.run)
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
      return await this.services.request(REQUESTS.directory.importStart, rpc({ body: { ...query, fileKey } }));
    } catch (err) {
      await this.redis.del(fileKey).catch(() => undefined);
      throw err;
    }
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
