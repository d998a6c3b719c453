import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { depositSchema, parsePayload, PinError } from '@pin/contracts';
import { verifyEdgeToken } from '@pin/auth';
import { contentDisposition, failFileRequest, sendFile, sendJson } from '@pin/persistence/storage';
import { RequestContext, sanitizeCorrelationId } from '@pin/observability';
import { SafeAccess, type Actor } from '../access/safe-access.service';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { DocumentsService } from '../documents/documents.service';
import { PortabilityService } from '../documents/portability.service';

export const EDGE_AUDIENCE = 'pin-safe';
export const EDGE_PATHS = { deposit: '/internal/documents', download: '/internal/downloads/' } as const;

/**
 * The safe's internal HTTP port: the gateway streams uploads to it and downloads from it (files
 * never travel over NATS request-reply). Each request carries a JWS (HS256, shared secret) made by
 * the gateway, bound to the method and path, holding the user context it verified and the
 * deposit's validated fields; downloads are addressed by a single-use ticket. Never exposed outside.
 */
@Injectable()
export class EdgeHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EdgeHttpServer');
  private server?: Server;

  constructor(
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
    private readonly access: SafeAccess,
    private readonly documents: DocumentsService,
    private readonly portability: PortabilityService,
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((req, res) => {
      const correlationId = sanitizeCorrelationId(req.headers['x-correlation-id']);
      void RequestContext.run({ correlationId }, () => this.handle(req, res));
    });
    this.server.requestTimeout = 10 * 60_000;
    await new Promise<void>((ok) => this.server!.listen(this.config.SAFE_HTTP_PORT, this.config.SAFE_HTTP_HOST, ok));
    this.logger.log(`internal file port ${this.config.SAFE_HTTP_HOST}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    this.server.closeIdleConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      let claims;
      try {
        claims = await verifyEdgeToken(this.config.SAFE_EDGE_SECRET, EDGE_AUDIENCE, req.method ?? 'GET', path, token ?? '');
      } catch {
        throw new PinError('COFFRE.EDGE_UNAUTHENTICATED', 'Requête non authentifiée.');
      }
      if (req.method === 'POST' && path === EDGE_PATHS.deposit) {
        const input = parsePayload(depositSchema, claims.data ?? {});
        const user = claims.user;
        let actor: Actor;
        if (input.usagerId) actor = this.access.aidant(user, claims.structureId, input.usagerId);
        else actor = { role: 'usager', user: user!, usagerId: await this.access.ownerOf(user) };
        const doc = await RequestContext.run({ correlationId: RequestContext.correlationId(), user }, () => this.documents.deposit(actor, input, req));
        sendJson(res, 201, doc);
        return;
      }
      if (req.method === 'GET' && path.startsWith(EDGE_PATHS.download)) {
        if (!claims.user) throw new PinError('COFFRE.LINK_INVALID', 'Ce lien de téléchargement n’est plus valide : demandez-en un nouveau.');
        const ticket = await this.documents.consume(decodeURIComponent(path.slice(EDGE_PATHS.download.length)), claims.user);
        if (ticket.kind === 'export') {
          res.writeHead(200, { 'content-type': 'application/zip', 'content-disposition': contentDisposition(`coffre-fort-${new Date().toISOString().slice(0, 10)}.zip`), 'cache-control': 'no-store' });
          await this.portability.exportZip(ticket, res);
          return;
        }
        const doc = await this.documents.open(ticket, claims.user);
        await sendFile(res, { type: doc.meta.type, size: doc.row.taille, name: doc.meta.nom }, doc.body);
        return;
      }
      throw new PinError('RESOURCE.NOT_FOUND', 'Ressource introuvable.');
    } catch (err) {
      failFileRequest(req, res, err, (m) => this.logger.error(m));
    }
  }
}
