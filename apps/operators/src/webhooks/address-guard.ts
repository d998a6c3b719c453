import ipaddr from 'ipaddr.js';

/** Which receivers PIN may call: public addresses only, unless the configuration allows more. */
export interface AddressPolicy {
  /** Host names or IP addresses allowed even when private or loopback (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Allow every private, loopback and link-local address (WEBHOOK_ALLOW_PRIVATE; never in production). */
  allowPrivate: boolean;
}

/** Ranges of ipaddr.js that are not the public Internet. */
const NOT_PUBLIC = new Set([
  'unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback', 'carrierGradeNat', 'private', 'reserved',
  'uniqueLocal', 'ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo', 'benchmarking', 'amt', 'as112', 'deprecated', 'orchid2', 'discard',
]);

const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/^\[|\]$/g, '');

/** The address of `ip` once an IPv4-mapped IPv6 address (::ffff:10.0.0.1) is unwrapped. */
function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const host = normalizeHost(ip);
  if (!ipaddr.isValid(host)) return null;
  const addr = ipaddr.parse(host);
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

export function isPublicAddress(ip: string): boolean {
  const addr = parse(ip);
  return addr !== null && !NOT_PUBLIC.has(addr.range());
}

/**
 * Whether PIN may connect to `ip` (resolved for `host`): a public address, or one allowed by the
 * configuration by host name or address. Null when allowed, else the French reason.
 */
export function refuseAddress(ip: string, host: string, policy: AddressPolicy): string | null {
  const addr = parse(ip);
  if (!addr) return `adresse IP illisible (${ip})`;
  if (!NOT_PUBLIC.has(addr.range())) return null;
  if (policy.allowPrivate) return null;
  const allowed = policy.allowedHosts.map(normalizeHost);
  if (allowed.includes(normalizeHost(host)) || allowed.includes(addr.toString())) return null;
  return `adresse non publique refusée (${addr.toString()}, ${addr.range()})`;
}

/** WEBHOOK_ALLOWED_HOSTS: `127.0.0.1, hooks.local` → ['127.0.0.1', 'hooks.local']. */
export function parseAllowedHosts(csv: string | undefined): string[] {
  return (csv ?? '').split(',').map(normalizeHost).filter(Boolean);
}

export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(normalizeHost(host));
}
