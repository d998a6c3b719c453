import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { PinError, readEnvelope, REQUESTS } from '@pin/contracts';
import { NATS_CONNECTION } from '@pin/messaging';
import { AuthorizationService } from './authorization.service';

/**
 * Answers `pin.rpc.mandates.authorization.check`, asked by other services (safe, mailbox) on
 * behalf of an aidant, over NATS only (the gateway exposes no route to it).
 *
 * This is the platform's hottest request, so it is served by a plain NATS queue subscription
 * instead of a @MessagePattern: the wire format stays NestJS's (`{pattern, data, id}` →
 * `{response | err, isDisposed, id}`, so ClientProxy callers work unchanged; a bare JSON body is
 * accepted too; the check is the envelope's `body`), without the per-message cost of Nest's RPC pipeline. The check needs no user
 * context: its input names the aidant, and every answer is journaled.
 */
@Injectable()
export class AuthorizationResponder implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuthorizationResponder');
  private sub?: Subscription;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly service: AuthorizationService,
  ) {}

  onApplicationBootstrap(): void {
    this.sub = this.nc.subscribe(REQUESTS.mandates.authorizationCheck, {
      queue: 'mandates',
      callback: (err, msg) => {
        if (err) {
          this.logger.warn(`authorization check subscription: ${err.message}`);
          return;
        }
        void this.answer(msg);
      },
    });
  }

  private async answer(msg: Msg): Promise<void> {
    let id: unknown;
    try {
      const body = msg.json<{ pattern?: unknown; data?: unknown; id?: unknown }>();
      const nest = body !== null && typeof body === 'object' && 'pattern' in body;
      id = nest ? body.id : undefined;
      const response = await this.service.check(readEnvelope(nest ? body.data : body).body);
      msg.respond(JSON.stringify({ response, isDisposed: true, id }));
    } catch (err) {
      const bad = err instanceof SyntaxError;
      const invalid = err instanceof PinError;
      if (!bad && !invalid) this.logger.error(`authorization check failed: ${(err as Error).message}`);
      const error = bad
        ? { code: 'REQUEST.INVALID_JSON', message: 'Requête illisible (JSON attendu).' }
        : invalid ? err.toBody() : { code: 'SERVICE.UNAVAILABLE', message: 'Vérification impossible pour le moment.' };
      msg.respond(JSON.stringify({ err: error, isDisposed: true, id }));
    }
  }

  get subscription(): Subscription | undefined {
    return this.sub;
  }
}
