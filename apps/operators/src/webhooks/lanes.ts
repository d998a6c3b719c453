import type { EntityManager } from 'typeorm';

/** Channel of the commit-time notifications of new or replayed deliveries. */
export const DELIVERY_CHANNEL = 'operators_delivery';

/** One lane: the deliveries of one endpoint about one subject, sent one at a time, in order. */
export interface Lane {
  webhookId: string;
  subject: string;
}

/**
 * Tells the delivery workers (of every replica) that lanes have work, when the transaction
 * commits: NOTIFY is delivered at commit only, and never for a rolled-back transaction.
 */
export async function notifyLanes(m: EntityManager, lanes: readonly Lane[]): Promise<void> {
  const payloads = [...new Set(lanes.map((lane) => JSON.stringify(lane)))];
  if (payloads.length === 0) return;
  // One round trip for all of them; each lane is still its own notification.
  await m.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t (p, n) ORDER BY n', [DELIVERY_CHANNEL, payloads]);
}
