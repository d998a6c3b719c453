import { STREAMS } from '@pin/contracts';
import { connectNats, isNotFound, manager } from '@pin/messaging';
import type { PlatformHarness } from './platform.harness';

export interface StreamedEvent {
  type: string;
  subject: string;
  correlationid: string;
  data: any;
}

/** Every event of the directory's JetStream stream (small test streams: read one by one). */
export async function directoryEvents(h: PlatformHarness, filter: { type?: string; subject?: string } = {}): Promise<StreamedEvent[]> {
  const nc = await connectNats({ ...h.nats.endpoint(), name: 'test-reader' });
  try {
    const jsm = await manager(nc);
    const info = await jsm.streams.info(STREAMS.directory.name);
    const out: StreamedEvent[] = [];
    for (let seq = Math.max(info.state.first_seq, 1); seq <= info.state.last_seq; seq++) {
      let msg;
      try {
        msg = await jsm.streams.getMessage(STREAMS.directory.name, { seq });
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      if (!msg) continue;
      const e = msg.json<StreamedEvent>();
      if (filter.type && e.type !== filter.type) continue;
      if (filter.subject && e.subject !== filter.subject) continue;
      out.push(e);
    }
    return out;
  } finally {
    await nc.close();
  }
}
