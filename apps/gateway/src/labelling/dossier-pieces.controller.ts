import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {} from '@fastify/multipart';
import { z } from 'zod';
import { signEdgeToken } from '@pin/auth';
import { DOSSIER_PIECE_MAX_BYTES, DOSSIER_PIECES_EDGE, POLICIES, type UserContext } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { notConfigured, openInternal, pipeUpload, relayInternal, uploadedFile } from '../http/internal-stream';
import type { AuthenticatedRequest as FastifyRequest } from '../http/request-context.interceptor';

export const LABELLING_FILES = Symbol('LABELLING_FILES');
export interface LabellingFilesSettings {
  internalUrl?: string;
  secret?: string;
}

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));
const critereParam = new ZodPipe(z.string().regex(/^[a-z0-9-]{1,60}$/, { message: 'Critère invalide.' }));

/**
 * Pieces (evidence files) of a label dossier, streamed between the browser and the labelling
 * service's internal file port like the safe's documents (never over NATS). The service checks the
 * dossier's structure, its state and the file's type from its magic bytes. Removal is a declared route.
 */
@ApiTags('labellisation')
@ApiBearerAuth()
@Controller('api/v1/labellisation/dossiers')
export class DossierPiecesController {
  constructor(@Inject(LABELLING_FILES) private readonly settings: LabellingFilesSettings) {}

  @Post(':id/criteres/:critereId/pieces')
  @Access(POLICIES.labelling.apply)
  @ApiOperation({ summary: 'Joindre une pièce justificative à la réponse d’un critère (multipart, un fichier ; PDF, JPEG, PNG ; 10 Mo au plus ; dossier en brouillon ou modifications demandées)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Param('critereId', critereParam) critereId: string) {
    const part = await uploadedFile(req, { fileSize: DOSSIER_PIECE_MAX_BYTES + 1, fields: 5, fieldSize: 1_000 });
    const path = DOSSIER_PIECES_EDGE.upload(id, critereId);
    const upstream = openInternal(this.target, 'POST', path, await this.token('POST', path, req.pinUser, { nom: part.filename ?? 'piece' }));
    return relayInternal(await pipeUpload(part, upstream), reply);
  }

  @Get(':id/pieces/:pieceId')
  @Access(POLICIES.labelling.apply)
  @ApiOperation({ summary: 'Télécharger une pièce justificative d’un dossier (sa structure, le réseau)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async download(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Param('pieceId', idParam) pieceId: string) {
    const path = DOSSIER_PIECES_EDGE.download(id, pieceId);
    const upstream = openInternal(this.target, 'GET', path, await this.token('GET', path, req.pinUser));
    upstream.req.end();
    return relayInternal(await upstream.response, reply);
  }

  private get target() {
    return { url: this.settings.internalUrl, name: 'Le service de labellisation' };
  }

  private token(method: string, path: string, user: UserContext | undefined, data?: Record<string, unknown>): Promise<string> {
    if (!this.settings.secret) throw notConfigured(this.target);
    return signEdgeToken(this.settings.secret, DOSSIER_PIECES_EDGE.audience, method, path, { user, ...(data ? { data } : {}) });
  }
}
