import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { isIpLiteral, refuseAddress, type AddressPolicy } from './address-guard';
import { parseRetryAfter } from './retry-schedule';

export interface SendResult {
  status: number | null;
  durationMs: number;
  /** The first KiB of the response body (attempt log). */
  excerpt: string | null;
  error: string | null;
  retryAfterMs: number | null;
}

const EXCERPT_BYTES = 1024;
const DRAIN_BYTES = 64 * 1024;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect that resolves the name, keeps only the addresses the policy
 * allows and hands those to the socket: PIN connects to the very address it checked (no second
 * resolution an attacker's DNS could answer differently).
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: { family?: number; all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '');
      const ok = addresses.filter((a) => refuseAddress(a.address, hostname, policy) === null);
      if (ok.length === 0) {
        const reason = refuseAddress(addresses[0]?.address ?? '', hostname, policy) ?? 'aucune adresse';
        return callback(Object.assign(new Error(`${hostname} : ${reason}`), { code: 'EWEBHOOKADDRESS' }), '');
      }
      if (options.all) callback(null, ok);
      else callback(null, ok[0].address, ok[0].family);
    });
  };
}

/** Checks a receiver's URL when it is declared: every address its name resolves to must be allowed. */
export async function checkReceiverUrl(url: string, policy: AddressPolicy, timeoutMs = 2_000): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'adresse illisible';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'seuls http et https sont acceptés';
  if (u.username || u.password) return 'pas d’identifiants dans l’adresse';
  const host = u.hostname;
  if (isIpLiteral(host)) return refuseAddress(host, host, policy);
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      dnsLookupAsync(host, { all: true }),
      new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    for (const a of addresses) {
      const reason = refuseAddress(a.address, host, policy);
      if (reason) return reason;
    }
    return addresses.length === 0 ? 'nom sans adresse' : null;
  } catch {
    return `nom introuvable (${host})`;
  } finally {
    clearTimeout(timer);
  }
}

/** Sends one signed POST: no redirect followed, a time limit for the whole attempt, the address checked. */
export class WebhookClient {
  private readonly agent: Agent;

  constructor(
    private readonly policy: AddressPolicy,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(policy) as never, timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const host = new URL(url).hostname;
    // A literal address never goes through lookup: check it here.
    const refused = isIpLiteral(host) ? refuseAddress(host, host, this.policy) : null;
    if (refused) return { status: null, durationMs: 0, excerpt: null, error: refused, retryAfterMs: null };
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'PIN-Webhooks/1.0' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        if (size < EXCERPT_BYTES) chunks.push(b);
        size += b.length;
        if (size > DRAIN_BYTES) {
          res.body.destroy();
          break;
        }
      }
      const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
      const retryAfter = res.headers['retry-after'];
      return { status: res.statusCode, durationMs: elapsed(), excerpt, error: null, retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) };
    } catch (err) {
      const e = err as Error & { code?: string; cause?: Error & { code?: string } };
      const name = e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' ? `délai dépassé (${this.timeoutMs} ms)` : (e.cause?.message ?? e.message);
      return { status: null, durationMs: elapsed(), excerpt: null, error: name.slice(0, 500), retryAfterMs: null };
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
