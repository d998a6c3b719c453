import { DiscardPolicy, RetentionPolicy, StorageType, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { nanos } from '@nats-io/nats-core';
import { DEAD_LETTER_STREAM } from '@pin/contracts';

export interface StreamDefinition {
  name: string;
  subjects: readonly string[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Creates the stream if missing (file storage, 2-minute duplicate window for `Nats-Msg-Id`
 * de-duplication), or brings its subjects up to date. Only nats-server 2.9 features are used.
 */
export async function ensureStream(jsm: JetStreamManager, def: StreamDefinition, maxAgeDays = 30): Promise<void> {
  const config = {
    name: def.name,
    subjects: [...def.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeDays * DAY_MS),
    duplicate_window: nanos(120_000),
    num_replicas: 1,
  };
  try {
    const info = await jsm.streams.info(def.name);
    const same = info.config.subjects?.length === def.subjects.length && def.subjects.every((s) => info.config.subjects?.includes(s));
    if (!same) await jsm.streams.update(def.name, { subjects: [...def.subjects] });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another replica created it in between: fine.
      if (!String((addErr as Error).message).includes('already in use')) throw addErr;
    }
  }
}

export async function ensureDeadLetterStream(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, DEAD_LETTER_STREAM, 90);
}

export async function manager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, { timeout: 10_000 });
}

export function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10059 ||
    e?.api_error?.err_code === 10014 ||
    String(e?.code) === '404' ||
    /not found/i.test(String(e?.message ?? ''))
  );
}
