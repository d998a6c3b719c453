import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface NatsConnectOptions {
  url: string;
  /** Client name shown by the server (`<service>-<role>`). */
  name: string;
  onStatus?: (type: string, data?: unknown) => void;
}

/**
 * Connects to NATS and never gives up reconnecting: a service survives a nats-server restart
 * without a restart of its own (relay publishes and consumer pulls resume once it is back).
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
  if (options.onStatus) {
    const onStatus = options.onStatus;
    void (async () => {
      for await (const s of nc.status()) onStatus(s.type, s);
    })().catch(() => undefined);
  }
  return nc;
}
