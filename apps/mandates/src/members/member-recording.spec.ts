import { DEMO_STRUCTURES, type UserContext } from '@pin/contracts';
import { MemberWriteCache, memberDisplayName, membershipsOf } from './member-recording';

const MDM = DEMO_STRUCTURES.montDeMarsan;
const DAX = DEMO_STRUCTURES.dax;
const aidant: UserContext = { sub: 's-1', username: 'aidant', name: 'Alex Aidant', roles: ['aidant'], structures: [MDM] };

describe('structure members from logins', () => {
  it('names a member by given and family name, else by name, else not at all', () => {
    expect(memberDisplayName({ givenName: 'Alex', familyName: 'Aidant', name: 'A. A.' })).toBe('Alex Aidant');
    expect(memberDisplayName({ familyName: 'Aidant' })).toBe('Aidant');
    expect(memberDisplayName({ name: ' Alex Aidant ' })).toBe('Alex Aidant');
    expect(memberDisplayName({})).toBeNull();
  });

  it('records acting roles in each structure of the token, nobody else', () => {
    expect(membershipsOf({ ...aidant, structures: [MDM, DAX, MDM] })).toEqual([
      { structureId: MDM, sub: 's-1', username: 'aidant', nom: 'Alex Aidant', roles: ['aidant'] },
      { structureId: DAX, sub: 's-1', username: 'aidant', nom: 'Alex Aidant', roles: ['aidant'] },
    ]);
    expect(membershipsOf({ ...aidant, roles: ['referent', 'usager'] })[0].roles).toEqual(['referent']);
    expect(membershipsOf({ ...aidant, roles: ['animateur'] })).toEqual([]);
    expect(membershipsOf({ ...aidant, roles: ['usager'], structures: [] })).toEqual([]);
    expect(membershipsOf({ ...aidant, roles: ['operateur', 'aidant'], structures: ['*'] })).toEqual([]);
    expect(membershipsOf(undefined)).toEqual([]);
  });

  it('writes a member once an hour, or at once when their name or roles change', () => {
    const cache = new MemberWriteCache(3_600_000);
    const [f] = membershipsOf(aidant);
    expect(cache.due(f, 0)).toBe(true);
    cache.remember(f, 0);
    expect(cache.due(f, 60_000)).toBe(false);
    expect(cache.due({ ...f, nom: 'Alexandra Aidant' }, 60_000)).toBe(true);
    expect(cache.due({ ...f, roles: ['aidant', 'referent'] }, 60_000)).toBe(true);
    expect(cache.due({ ...f, structureId: DAX }, 60_000)).toBe(true);
    expect(cache.due(f, 3_600_000)).toBe(true);
    cache.forget(f);
    expect(cache.due(f, 1)).toBe(true);
  });

  it('keeps a bounded number of entries', () => {
    const cache = new MemberWriteCache(3_600_000, 2);
    const [f] = membershipsOf(aidant);
    cache.remember({ ...f, sub: 'a' }, 0);
    cache.remember({ ...f, sub: 'b' }, 0);
    cache.remember({ ...f, sub: 'c' }, 0);
    expect(cache.due({ ...f, sub: 'a' }, 1)).toBe(true);
    expect(cache.due({ ...f, sub: 'c' }, 1)).toBe(false);
  });
});
