import { isPublicAddress, parseAllowedHosts, refuseAddress } from './address-guard';

describe('SSRF address guard', () => {
  const strict = { allowedHosts: [], allowPrivate: false };

  it('refuses private, loopback, link-local and other non-public addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', '::']) {
      expect(isPublicAddress(ip)).toBe(false);
      expect(refuseAddress(ip, 'hooks.example.fr', strict)).toMatch(/refusée|illisible/);
    }
  });

  it('accepts public addresses', () => {
    for (const ip of ['93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(ip)).toBe(true);
      expect(refuseAddress(ip, 'hooks.example.fr', strict)).toBeNull();
    }
  });

  it('lets the configuration allow a host or an address, or every private address', () => {
    expect(refuseAddress('127.0.0.1', '127.0.0.1', { allowedHosts: ['127.0.0.1'], allowPrivate: false })).toBeNull();
    expect(refuseAddress('127.0.0.1', 'receiver.test', { allowedHosts: ['receiver.test'], allowPrivate: false })).toBeNull();
    // Allowing 127.0.0.1 does not open the rest of the private ranges.
    expect(refuseAddress('10.0.0.5', 'internal', { allowedHosts: ['127.0.0.1'], allowPrivate: false })).not.toBeNull();
    expect(refuseAddress('10.0.0.5', 'internal', { allowedHosts: [], allowPrivate: true })).toBeNull();
    expect(refuseAddress('not-an-ip', 'x', strict)).toMatch(/illisible/);
  });

  it('reads WEBHOOK_ALLOWED_HOSTS', () => {
    expect(parseAllowedHosts(' 127.0.0.1, Hooks.Local ,, [::1]')).toEqual(['127.0.0.1', 'hooks.local', '::1']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });
});
