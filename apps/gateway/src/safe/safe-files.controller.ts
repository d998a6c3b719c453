import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type {} from '@fastify/multipart';
import { z } from 'zod';
import { signEdgeToken } from '@pin/auth';
import { POLICIES, SAFE_CATEGORY_SLUGS, SAFE_MAX_FILE_BYTES, type UserContext } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { selectedStructure } from '../routes/route-forwarder';
import { ZodPipe } from '../http/zod.pipe';
import { notConfigured, openInternal, pipeUpload, relayInternal, uploadedFile } from '../http/internal-stream';
import type { AuthenticatedRequest as FastifyRequest } from '../http/request-context.interceptor';

export const SAFE_EDGE = Symbol('SAFE_EDGE');
export interface SafeEdgeSettings {
  internalUrl?: string;
  secret?: string;
}

const AUDIENCE = 'pin-safe';
const DEPOSIT_PATH = '/internal/documents';
const DOWNLOAD_PATH = '/internal/downloads/';
const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));
const ticketParam = new ZodPipe(z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'Lien invalide.' }));
const FIELDS = ['categorie', 'nom', 'description', 'delivreLe', 'expireLe'] as const;

/** The deposit's multipart body, as the API documentation shows it (fields first, then the file). */
const DEPOSIT_BODY = {
  schema: {
    type: 'object',
    required: ['categorie', 'file'],
    properties: {
      categorie: { type: 'string', enum: SAFE_CATEGORY_SLUGS },
      nom: { type: 'string', maxLength: 200 },
      description: { type: 'string', maxLength: 1000 },
      delivreLe: { type: 'string', format: 'date' },
      expireLe: { type: 'string', format: 'date' },
      file: { type: 'string', format: 'binary' },
    },
  },
};

/**
 * The safe's files. Uploads and downloads are streamed between the browser and the safe's
 * internal HTTP port (never over NATS: 1 MB messages, base64): the gateway authenticates the
 * caller, signs the verified user context and the deposit's fields in a short-lived JWS bound to
 * the method and path, and pipes the bytes both ways without buffering them.
 */
@ApiTags('coffre')
@ApiBearerAuth()
@Controller('api/v1')
export class SafeFilesController {
  constructor(@Inject(SAFE_EDGE) private readonly settings: SafeEdgeSettings) {}

  @Post('moi/coffre/documents')
  @Access(POLICIES.coffre.own)
  @ApiOperation({ summary: 'Déposer un document dans mon coffre-fort (multipart : champs categorie, nom?, description?, delivreLe?, expireLe? puis le fichier ; PDF, JPEG, PNG, HEIC ; 20 Mo au plus)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(DEPOSIT_BODY)
  async depositMine(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.deposit(req, reply, undefined);
  }

  @Post('usagers/:id/coffre/documents')
  @Access(POLICIES.coffre.act)
  @ApiOperation({ summary: 'Déposer un document pour un usager, sous mandat couvrant la démarche de la catégorie (multipart, comme ci-dessus)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(DEPOSIT_BODY)
  async depositFor(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) usagerId: string) {
    return this.deposit(req, reply, usagerId);
  }

  @Get('coffre/telechargements/:ticket')
  @Access(POLICIES.authenticated)
  @ApiOperation({ summary: 'Télécharger par un lien à usage unique (document ou archive ZIP « tout télécharger »)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'application/zip')
  async download(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('ticket', ticketParam) ticket: string) {
    const path = `${DOWNLOAD_PATH}${ticket}`;
    const upstream = await this.forward('GET', path, await this.token('GET', path, { user: req.pinUser }));
    upstream.req.end();
    return this.relay(await upstream.response, reply);
  }

  private async deposit(req: FastifyRequest, reply: FastifyReply, usagerId: string | undefined) {
    const part = await uploadedFile(req, { fileSize: SAFE_MAX_FILE_BYTES + 1, fields: 10, fieldSize: 2_000 });
    const fields: Record<string, string> = {};
    for (const name of FIELDS) {
      const f = part.fields[name] as { value?: unknown } | undefined;
      if (f && typeof f.value === 'string' && f.value !== '') fields[name] = f.value;
    }
    const data = { ...fields, nom: fields['nom'] ?? part.filename ?? 'document', ...(usagerId ? { usagerId } : {}) };
    const structureId = usagerId ? selectedStructure(req) : undefined;
    const upstream = await this.forward('POST', DEPOSIT_PATH, await this.token('POST', DEPOSIT_PATH, { user: req.pinUser, structureId, data }));
    return this.relay(await pipeUpload(part, upstream), reply);
  }

  private token(method: string, path: string, claims: { user?: UserContext; structureId?: string; data?: Record<string, unknown> }): Promise<string> {
    if (!this.settings.secret) throw notConfigured(this.target);
    return signEdgeToken(this.settings.secret, AUDIENCE, method, path, claims);
  }

  private get target() {
    return { url: this.settings.internalUrl, name: 'Le coffre-fort' };
  }

  private async forward(method: 'GET' | 'POST', path: string, token: string) {
    return openInternal(this.target, method, path, token);
  }

  private relay(res: IncomingMessage, reply: FastifyReply) {
    return relayInternal(res, reply);
  }
}
