import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { REQUESTS, rpc, type AuthorizationDecision, type Mandat, type UserContext } from '@pin/contracts';
import { NATS_CONNECTION, requestHeaders } from '@pin/messaging';
import { RequestContext } from '@pin/observability';

export class MandatesUnavailable extends Error {}

/** Requests to the mandates service (NestJS wire format over NATS). */
@Injectable()
export class MandatesClient {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  private async request<T>(pattern: string, data: unknown, user?: UserContext): Promise<T> {
    let reply;
    try {
      reply = await this.nc.request(pattern, JSON.stringify({ pattern, data, id: randomUUID() }), { timeout: 3_000, headers: requestHeaders(RequestContext.correlationId(), user) });
    } catch (err) {
      throw new MandatesUnavailable((err as Error).message);
    }
    const body = reply.json<{ response?: T; err?: { code?: string } }>();
    if (body.err) throw Object.assign(new Error(`mandates answered ${body.err.code ?? 'an error'}`), { code: body.err.code });
    return body.response as T;
  }

  /** `pin.rpc.mandates.authorization.check`: may this aidant act for this usager on this démarche, now? */
  check(q: { aidantSub: string; aidantUsername: string; structureId: string; usagerId: string; demarche: string }): Promise<AuthorizationDecision> {
    return this.request<AuthorizationDecision>(REQUESTS.mandates.authorizationCheck, rpc({ body: q }));
  }

  /** The usager's own mandates (their account linked by the claim flow), asked with their own context. */
  async myMandats(user: UserContext): Promise<Mandat[]> {
    return (await this.request<{ items: Mandat[] }>(REQUESTS.mandates.myMandats, rpc(), user)).items;
  }
}
