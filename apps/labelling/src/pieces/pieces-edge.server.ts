import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOSSIER_PIECES_EDGE, PinError } from '@pin/contracts';
import { verifyEdgeToken } from '@pin/auth';
import { failFileRequest, OBJECT_STORAGE, sendFile, sendJson, type ObjectStorage } from '@pin/persistence/storage';
import { RequestContext, sanitizeCorrelationId } from '@pin/observability';
import type { LabellingConfig } from '../config/config.schema';
import { PiecesService } from './pieces.service';

export const PIECES_CONFIG = Symbol('PIECES_CONFIG');

const UPLOAD = /^\/internal\/dossiers\/([0-9a-f-]{36})\/criteres\/([a-z0-9-]{1,60})\/pieces$/;
const DOWNLOAD = /^\/internal\/dossiers\/([0-9a-f-]{36})\/pieces\/([0-9a-f-]{36})$/;

/**
 * The labelling service's internal HTTP port, for the dossiers' pieces only: the gateway streams
 * uploads to it and downloads from it (files never travel over NATS). Each request carries a JWS
 * (HS256, `LABELLING_EDGE_SECRET` shared with the gateway) bound to the method and path, holding the
 * user context the gateway verified and the file's name. Same shape as the safe's edge; without a
 * secret the port is not opened. Never exposed outside.
 */
@Injectable()
export class PiecesEdgeServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PiecesEdgeServer');
  private server?: Server;

  constructor(
    @Inject(PIECES_CONFIG) private readonly config: LabellingConfig,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly pieces: PiecesService,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.LABELLING_EDGE_SECRET) {
      this.logger.warn('LABELLING_EDGE_SECRET unset: no internal file port, pieces cannot be uploaded nor downloaded');
      return;
    }
    this.server = createServer((req, res) => {
      const correlationId = sanitizeCorrelationId(req.headers['x-correlation-id']);
      void RequestContext.run({ correlationId }, () => this.handle(req, res));
    });
    this.server.requestTimeout = 5 * 60_000;
    await new Promise<void>((ok) => this.server!.listen(this.config.LABELLING_HTTP_PORT, this.config.LABELLING_HTTP_HOST, ok));
    this.logger.log(`internal file port ${this.config.LABELLING_HTTP_HOST}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) {
      this.server.closeIdleConnections();
      await new Promise<void>((ok) => this.server!.close(() => ok()));
    }
    this.storage.close?.();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      let claims;
      try {
        claims = await verifyEdgeToken(this.config.LABELLING_EDGE_SECRET!, DOSSIER_PIECES_EDGE.audience, req.method ?? 'GET', path, token ?? '');
      } catch {
        throw new PinError('DOSSIER.EDGE_UNAUTHENTICATED', 'Requête non authentifiée.');
      }
      const user = claims.user;
      const upload = req.method === 'POST' ? UPLOAD.exec(path) : null;
      if (upload) {
        const piece = await RequestContext.run({ correlationId: RequestContext.correlationId(), user }, () =>
          this.pieces.upload(user, { id: upload[1]!, critereId: upload[2]! }, claims.data?.['nom'], req),
        );
        sendJson(res, 201, piece);
        return;
      }
      const download = req.method === 'GET' ? DOWNLOAD.exec(path) : null;
      if (download) {
        const { piece, body } = await RequestContext.run({ correlationId: RequestContext.correlationId(), user }, () => this.pieces.open(user, { id: download[1]!, pieceId: download[2]! }));
        await sendFile(res, { type: piece.type, size: piece.taille, name: piece.nom }, body);
        return;
      }
      throw new PinError('RESOURCE.NOT_FOUND', 'Ressource introuvable.');
    } catch (err) {
      failFileRequest(req, res, err, (m) => this.logger.error(m));
    }
  }
}
