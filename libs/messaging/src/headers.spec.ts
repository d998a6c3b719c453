import type { UserContext } from '@pin/contracts';
import { decodeUser, encodeUser } from './headers';

const user: UserContext = { sub: 's-1', username: 'aidante', roles: ['aidant'], structures: ['st-1'] };

describe('pin-user header', () => {
  it('round-trips a user, drops unknown roles, and treats a malformed value as anonymous', () => {
    expect(decodeUser(encodeUser(user))).toEqual(user);
    const withUnknownRole = Buffer.from(JSON.stringify({ ...user, roles: ['aidant', 'root'] })).toString('base64url');
    expect(decodeUser(withUnknownRole)?.roles).toEqual(['aidant']);
    expect(decodeUser('%%%')).toBeUndefined();
    expect(decodeUser(Buffer.from(JSON.stringify({ sub: '' })).toString('base64url'))).toBeUndefined();
    expect(decodeUser(undefined)).toBeUndefined();
  });

  it('encodes once per user object and decodes once per header value; decoded users are frozen', () => {
    const header = encodeUser(user);
    expect(encodeUser(user)).toBe(header);
    const a = decodeUser(header)!;
    expect(decodeUser(header)).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.roles) && Object.isFrozen(a.structures)).toBe(true);
    expect(() => (a.roles as string[]).push('admin')).toThrow();
    // Another user object with other contents gets its own header.
    expect(encodeUser({ ...user, roles: ['referent'] })).not.toBe(header);
  });
});
