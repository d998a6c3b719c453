import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** Every event of `stream` on `subject` stored right now (an ordered consumer read to the end). */
export async function streamEvents(nc: NatsConnection, stream: string, subject: string): Promise<any[]> {
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: subject });
  const events: any[] = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 500, expires: 2_000 });
    let got = 0;
    for await (const m of batch) {
      events.push(m.json());
      got++;
      if (m.info.pending === 0) break;
    }
    if (got === 0 || (await consumer.info(true)).num_pending === 0) return events;
  }
}

/** One request made during a fault test. */
export interface Outcome {
  kind: string;
  status: number;
  json: any;
  ms: number;
  /** Epoch ms when it was sent. */
  at: number;
}

/** `{ code, message, correlationId }` with a code matching `code`. */
export function isErrorEnvelope(json: any, code: RegExp): boolean {
  return typeof json?.code === 'string' && code.test(json.code) && typeof json.message === 'string' && json.message.length > 0 && typeof json.correlationId === 'string';
}
