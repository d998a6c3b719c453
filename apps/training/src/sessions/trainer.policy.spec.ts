import type { UserContext } from '@pin/contracts';
import { isTrainerOf } from './trainer.policy';

const user = (username: string, roles: UserContext['roles']): UserContext => ({ sub: `sub-${username}`, username, roles, structures: [] });

describe('trainer policy', () => {
  const session = { formateur_username: 'mediateur' };
  it('lets the named trainer and the network run the session, nobody else', () => {
    expect(isTrainerOf(user('mediateur', ['mediateur']), session)).toBe(true);
    expect(isTrainerOf(user('animateur', ['animateur']), session)).toBe(true);
    expect(isTrainerOf(user('admin', ['admin']), session)).toBe(true);
    expect(isTrainerOf(user('autre', ['mediateur']), session)).toBe(false);
    expect(isTrainerOf(user('aidant', ['aidant']), session)).toBe(false);
  });
});
