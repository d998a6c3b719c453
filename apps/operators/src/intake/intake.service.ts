import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { operatorDeliverPrefix, type CloudEvent } from '@pin/contracts';
import { OUTBOX_CHANNEL } from '@pin/messaging';
import { matchesSubscription, type EventFacts } from '../subscriptions/subscription-match';
import { notifyLanes } from '../webhooks/lanes';

interface MatchRow {
  channel: 'webhook' | 'jetstream';
  endpoint_id: string | null;
  operator_id: string;
  types: string[];
  departements: string[];
  epcis: string[];
  communes: string[];
  demarches: string[];
}

/**
 * Turns one consumed event into deliveries, in the consumer's transaction (the inbox row, the
 * projections and the deliveries commit together): one delivery per enabled endpoint with a
 * matching subscription, and one message on the JetStream subjects of each operator with a
 * matching `jetstream` subscription; the delivery workers and the relay are notified at commit.
 */
@Injectable()
export class IntakeService {
  /** `only.operatorId`: the event concerns that operator alone (its own announcements). */
  async ingest(m: EntityManager, event: CloudEvent, facts: EventFacts, only: { operatorId?: string } = {}): Promise<number> {
    const rows: MatchRow[] = await m.query(
      `SELECT s.channel, s.endpoint_id, s.operator_id, s.types, s.departements, s.epcis, s.communes, s.demarches
       FROM subscription s LEFT JOIN webhook_endpoint e ON e.id = s.endpoint_id
       WHERE (s.channel = 'jetstream' OR e.enabled) AND $1 = ANY (s.types) AND ($2::text IS NULL OR s.operator_id = $2)`,
      [event.type, only.operatorId ?? null],
    );
    const endpoints = new Map<string, string>();
    const streamed = new Set<string>();
    for (const r of rows) {
      if (!matchesSubscription({ types: r.types, demarches: r.demarches, territoire: { departements: r.departements, epcis: r.epcis, communes: r.communes } }, facts)) continue;
      if (r.channel === 'jetstream') streamed.add(r.operator_id);
      else endpoints.set(r.endpoint_id!, r.operator_id);
    }
    const payload = JSON.stringify(event);
    if (streamed.size > 0) {
      // The JetStream channel: one outbox row per operator (its own Nats-Msg-Id), published by the relay after commit.
      const operators = [...streamed];
      await m.query('INSERT INTO outbox (id, subject, payload) SELECT id, subject, $3::text FROM unnest($1::uuid[], $2::text[]) AS t (id, subject)', [
        operators.map(() => uuidv7()),
        operators.map((operatorId) => `${operatorDeliverPrefix(operatorId)}.${event.type}`),
        payload,
      ]);
      await m.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
    }
    if (endpoints.size === 0) return streamed.size;
    // Every matching endpoint's delivery in one statement (an event often goes to many endpoints).
    const endpointIds = [...endpoints.keys()];
    await m.query(
      `INSERT INTO delivery (id, endpoint_id, operator_id, event_id, event_type, subject, event_time, payload)
       SELECT t.id, t.endpoint_id, t.operator_id, $4::uuid, $5::text, $6::text, $7::timestamptz, $8::text FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t (id, endpoint_id, operator_id)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
      [endpointIds.map(() => uuidv7()), endpointIds, endpointIds.map((id) => endpoints.get(id)!), event.id, event.type, event.subject, event.time, payload],
    );
    await notifyLanes(m, endpointIds.map((webhookId) => ({ webhookId, subject: event.subject })));
    return endpoints.size + streamed.size;
  }
}
