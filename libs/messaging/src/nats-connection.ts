import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';

/** Where and as whom an app connects (its user in deploy/nats/accounts.conf). */
export interface NatsEndpoint {
  url: string;
  user?: string;
  password?: string;
}

export interface NatsConnectOptions extends NatsEndpoint {
  /** Client name shown by the server (`<service>-<role>`). */
  name: string;
  onStatus?: (type: string, data?: unknown) => void;
}

/** The endpoint of an app's configuration (NATS_URL, NATS_USER, NATS_PASSWORD). */
export function natsEndpoint(c: { NATS_URL: string; NATS_USER?: string; NATS_PASSWORD?: string }): NatsEndpoint {
  return { url: c.NATS_URL, user: c.NATS_USER, password: c.NATS_PASSWORD };
}

/**
 * Connection options of every NATS client of an app (event connection, Nest's RPC server and
 * client): the app's credentials, and replies under its own inbox prefix `_INBOX_<user>`, the
 * only inboxes its permissions let it subscribe to.
 */
export function natsConnectionOptions(o: NatsEndpoint & { name: string }): ConnectionOptions {
  return {
    servers: o.url.split(',').map((s) => s.trim()),
    name: o.name,
    ...(o.user ? { user: o.user, pass: o.password, inboxPrefix: `_INBOX_${o.user}` } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  };
}

/**
 * Connects to NATS and never gives up reconnecting: a service survives a nats-server restart
 * without a restart of its own (relay publishes and consumer pulls resume once it is back).
 *
 * `noAsyncTraces` (a client option): without it the client builds two Error objects with their
 * stack traces up front for every request, JetStream publishes included (a RequestError and a
 * TimeoutError, in case it fails later), which measured 49 → 32 µs of CPU per publish (interleaved,
 * 64 in flight; bench/README « Event path »). A timeout or a refusal still rejects with its error
 * and message; only the stack frames of the caller that started the request are missing.
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({ ...natsConnectionOptions(options), pingInterval: 10_000, noAsyncTraces: true });
  if (options.onStatus) {
    const onStatus = options.onStatus;
    void (async () => {
      for await (const s of nc.status()) onStatus(s.type, s);
    })().catch(() => undefined);
  }
  return nc;
}
