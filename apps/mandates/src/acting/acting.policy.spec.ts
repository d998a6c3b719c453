import { PinError, type UserContext } from '@pin/contracts';
import { acting } from './acting.policy';

const A = '0a1b2c3d-0000-4000-8000-000000000001';
const B = '0a1b2c3d-0000-4000-8000-000000000002';
const user = (over: Partial<UserContext>): UserContext => ({ sub: 's', username: 'u', roles: ['aidant'], structures: [A], ...over });
const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as PinError).code;
  }
};

describe('acting within a selected structure', () => {
  it('uses the only structure of the token when none is selected', () => {
    expect(acting(user({}), undefined).structureId).toBe(A);
  });
  it('requires a choice when the token has several structures', () => {
    expect(code(() => acting(user({ structures: [A, B] }), undefined))).toBe('MANDAT.STRUCTURE_REQUIRED');
    expect(acting(user({ structures: [A, B] }), B).structureId).toBe(B);
  });
  it('refuses a structure outside the token, even for network roles', () => {
    expect(code(() => acting(user({}), B))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(code(() => acting(user({ roles: ['aidant', 'animateur'] }), B))).toBe('AUTH.STRUCTURE_SCOPE');
  });
  it('refuses users without an acting role, and malformed ids', () => {
    expect(code(() => acting(user({ roles: ['usager'] }), A))).toBe('AUTH.FORBIDDEN');
    expect(code(() => acting(undefined, A))).toBe('AUTH.UNAUTHENTICATED');
    expect(code(() => acting(user({}), 'x'))).toBe('REQUEST.INVALID');
  });
});
