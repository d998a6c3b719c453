import { rpc } from '@pin/contracts';
import { AIDANT, ANIMATEUR, codeOf, labellingFixture, OTHER_REFERENT, STRUCTURE } from './labelling.fixture';

type F = Awaited<ReturnType<typeof labellingFixture>>;

describe('charte de l’aidant (real PostgreSQL)', () => {
  let f: F;
  beforeAll(async () => {
    f = await labellingFixture('lab_charter');
  });
  afterAll(async () => {
    await f.t.teardown();
  });

  it('versions the text; aidants sign the current version; a new version asks again; each signature is emitted once', async () => {
    expect(await codeOf(f.charter.current(AIDANT))).toBe('CHARTE.NO_VERSION');
    expect(await codeOf(f.charter.publish(AIDANT, rpc({ body: { texte: 'x'.repeat(40) } })))).toBe('AUTH.FORBIDDEN');
    const v1 = (await f.charter.publish(ANIMATEUR, rpc({ body: { texte: 'Je respecte la confidentialité des données des personnes que j’accompagne.' } }))) as { version: number };
    expect(v1.version).toBe(1);
    expect(await f.charter.current(AIDANT)).toMatchObject({ version: 1, aSigner: true, signeeLe: null });
    const s1 = (await f.charter.sign(AIDANT, rpc({ body: { version: 1 } }))) as { signatureId: string; dejaSignee: boolean };
    expect(s1.dejaSignee).toBe(false);
    expect(await f.charter.sign(AIDANT, rpc({ body: { version: 1 } }))).toMatchObject({ signatureId: s1.signatureId, dejaSignee: true });
    expect(await f.charter.current(AIDANT)).toMatchObject({ version: 1, aSigner: false });

    await f.charter.publish(ANIMATEUR, rpc({ body: { texte: 'Version 2 : je respecte la confidentialité et je n’agis que sous mandat.' } }));
    expect(await f.charter.current(AIDANT)).toMatchObject({ version: 2, aSigner: true, derniereVersionSignee: 1 });
    const stale = await f.charter.sign(AIDANT, rpc({ body: { version: 1 } })).catch((e: { code: string; status: number }) => e);
    expect(stale).toMatchObject({ code: 'CHARTE.NOT_CURRENT', status: 409 });
    await f.charter.sign(AIDANT, rpc({ body: { version: 2 } }));
    expect(await codeOf(f.charter.sign(AIDANT, rpc({ body: { version: 2, structureId: OTHER_REFERENT.structures[0] } })))).toBe('AUTH.STRUCTURE_SCOPE');

    const events = await f.outboxEvents('pin.labelling.charter.signed.v1');
    expect(events.map((e) => e.data)).toEqual([
      { signatureId: s1.signatureId, aidantSub: AIDANT.sub, structureId: STRUCTURE, version: 1 },
      expect.objectContaining({ aidantSub: AIDANT.sub, structureId: STRUCTURE, version: 2 }),
    ]);
    // Each publication is announced (mandates asks everyone to sign again), by its number only.
    expect((await f.outboxEvents('pin.labelling.charter.published.v1')).map((e) => e.data)).toEqual([{ version: 1 }, { version: 2 }]);
    // Ids only: no username, no name.
    expect(Object.keys(events[0].data).sort()).toEqual(['aidantSub', 'signatureId', 'structureId', 'version']);
    expect(await f.journal.verify()).toMatchObject({ ok: true, entrees: 4 });
  });
});
