import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { HEADERS, PinError, REQUESTS, rpc, type AuthorizationDecision, type UserContext } from '@pin/contracts';
import { NATS_CONNECTION } from '@pin/messaging';
import { RequestContext } from '@pin/observability';

/** `pin.rpc.mandates.authorization.check`: may this aidant act for this usager on this démarche, now? (journaled by mandates) */
@Injectable()
export class MandatesClient {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async check(user: UserContext, structureId: string, usagerId: string, demarche: string): Promise<AuthorizationDecision> {
    const h = natsHeaders();
    h.set(HEADERS.correlationId, RequestContext.correlationId());
    const pattern = REQUESTS.mandates.authorizationCheck;
    const data = rpc({ body: { aidantSub: user.sub, aidantUsername: user.username, structureId, usagerId, demarche } });
    let body: { response?: AuthorizationDecision; err?: unknown };
    try {
      const msg = await this.nc.request(pattern, JSON.stringify({ pattern, data, id: randomUUID() }), { timeout: 5_000, headers: h });
      body = msg.json();
    } catch {
      throw new PinError('SERVICE.UNAVAILABLE', 'La vérification du mandat est impossible pour le moment ; réessayez dans un instant.');
    }
    if (!body.response) throw new PinError('SERVICE.UNAVAILABLE', 'La vérification du mandat est impossible pour le moment ; réessayez dans un instant.');
    return body.response;
  }
}
