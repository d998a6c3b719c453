/**
 * Raw NATS request-reply responder for the mandates benchmark's baseline: a separate Node process
 * (like the service) answering each request with its own payload. `NATS_URL` from the environment.
 */
import { connect } from '@nats-io/transport-node';

export const ECHO_SUBJECT = 'bench.echo';

async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'bench-echo' });
  const sub = nc.subscribe(ECHO_SUBJECT, { queue: 'bench-echo' });
  process.on('SIGTERM', () => void nc.drain().then(() => process.exit(0)));
  console.log('ready');
  for await (const m of sub) m.respond(m.data);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
