import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { DEAD_LETTER_STREAM, HEADERS, deadLetterSubject } from '@pin/contracts';
import { isNotFound } from './streams';

export interface DeadLetter {
  sequence: number;
  consumer: string;
  originalSubject: string;
  deliveries: number;
  error: string;
  failedAt: string;
  streamSequence: number;
  payload: unknown;
}

/** Copies a message that cannot be processed into the dead-letter stream, with why and where. */
export async function publishDeadLetter(js: JetStreamClient, consumer: string, msg: JsMsg, error: string): Promise<void> {
  const h = natsHeaders();
  const dl = HEADERS.deadLetter;
  h.set(dl.originalSubject, msg.subject);
  h.set(dl.consumer, consumer);
  h.set(dl.deliveries, String(msg.info.deliveryCount));
  h.set(dl.error, error.slice(0, 1_000));
  h.set(dl.streamSequence, String(msg.info.streamSequence));
  h.set(dl.failedAt, new Date().toISOString());
  const correlation = msg.headers?.get(HEADERS.correlationId);
  if (correlation) h.set(HEADERS.correlationId, correlation);
  await js.publish(deadLetterSubject(consumer), msg.data, {
    headers: h,
    msgID: `${consumer}:${msg.info.stream}:${msg.info.streamSequence}`,
  });
}

/** Newest dead letters first, for the admin endpoint. */
export async function listDeadLetters(jsm: JetStreamManager, limit = 50, beforeSeq?: number): Promise<{ items: DeadLetter[]; total: number }> {
  let info;
  try {
    info = await jsm.streams.info(DEAD_LETTER_STREAM.name);
  } catch (err) {
    if (isNotFound(err)) return { items: [], total: 0 };
    throw err;
  }
  const { first_seq: first, last_seq: last, messages: total } = info.state;
  const items: DeadLetter[] = [];
  if (total === 0) return { items, total };
  for (let seq = Math.min(beforeSeq ? beforeSeq - 1 : last, last); seq >= Math.max(first, 1) && items.length < limit; seq--) {
    let stored;
    try {
      stored = await jsm.streams.getMessage(DEAD_LETTER_STREAM.name, { seq });
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    if (!stored) continue;
    const h = stored.header;
    const dl = HEADERS.deadLetter;
    let payload: unknown;
    try {
      payload = stored.json();
    } catch {
      payload = stored.string();
    }
    items.push({
      sequence: stored.seq,
      consumer: h.get(dl.consumer),
      originalSubject: h.get(dl.originalSubject),
      deliveries: Number(h.get(dl.deliveries)),
      error: h.get(dl.error),
      failedAt: h.get(dl.failedAt),
      streamSequence: Number(h.get(dl.streamSequence)),
      payload,
    });
  }
  return { items, total };
}
