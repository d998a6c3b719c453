import { CertificationGrantedV1, rpc } from '@pin/contracts';
import { aidant, ANIMATEUR, codeOf, FORMATEUR, REFERENT, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

const TWO_HALF_DAYS = [{ date: '2099-04-06', periode: 'matin' as const }, { date: '2099-04-06', periode: 'apres-midi' as const }];

// Real PostgreSQL: attendance rules, completion, attestations and the certification event in the outbox.
describe('attendance, attestations and certification (real PostgreSQL)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  const mark = (sessionId: string, demiJournee: number, presences: Array<{ inscriptionId: string; present: boolean }>, user = FORMATEUR) =>
    f.attendance.record(user, rpc({ params: { id: sessionId }, body: { demiJournee, presences } })) as Promise<{ attestations: Array<{ inscriptionId: string; code: string; type: string }> }>;

  beforeAll(async () => {
    f = await trainingFixture('training_attendance');
  });
  afterAll(async () => {
    await f?.t.teardown();
  });

  it('an aidant present at every half-day of the path gets the attestation and the certification event, recorded in the same transaction', async () => {
    const s = await f.session({ parcoursId: 'parcours-aidant', capacite: 5, demiJournees: TWO_HALF_DAYS });
    const present = (await f.register(aidant('c1'), s.id)) as { id: string };
    const absent = (await f.register(aidant('c2'), s.id)) as { id: string };

    const first = await mark(s.id, 1, [{ inscriptionId: present.id, present: true }, { inscriptionId: absent.id, present: false }]);
    expect(first.attestations).toEqual([]);
    expect(await f.outboxEvents(CertificationGrantedV1.type)).toEqual([]);
    const second = await mark(s.id, 2, [{ inscriptionId: present.id, present: true }, { inscriptionId: absent.id, present: true }]);
    expect(second.attestations).toHaveLength(1);
    expect(second.attestations[0]).toMatchObject({ inscriptionId: present.id, type: 'parcours', parcoursId: 'parcours-aidant', requisHabilitation: true });

    const events = await f.outboxEvents(CertificationGrantedV1.type);
    expect(events).toHaveLength(1);
    const attestationId = (second.attestations[0] as unknown as { id: string }).id;
    // Ids only: the aidant's subject, the path, the attestation.
    expect(events[0].data).toEqual({ aidantSub: 'sub-aidant-c1', pathId: 'parcours-aidant', attestationId });
    expect(CertificationGrantedV1.schema.safeParse(events[0].data).success).toBe(true);
    expect(JSON.stringify(events[0])).not.toMatch(/"aidant-c1"|Aidant c1/);

    // The public verification: title, date, valid; no personal data.
    const verified = await f.attestations.verify(rpc({ params: { code: second.attestations[0].code.toLowerCase() } }));
    expect(verified).toEqual({ id: attestationId, code: second.attestations[0].code, statut: 'valide', type: 'parcours', intitule: 'Parcours aidant 7 h', dureeMinutes: 420, delivreeLe: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), certification: true });
    expect(await codeOf(f.attestations.verify(rpc({ params: { code: 'F-AAAAA-AAAAA' } })))).toBe('ATTESTATION.NOT_FOUND');

    // Marking again does not issue a second attestation nor a second event.
    await mark(s.id, 2, [{ inscriptionId: present.id, present: true }]);
    expect(await f.outboxEvents(CertificationGrantedV1.type)).toHaveLength(1);
    expect((await f.attestations.mine(aidant('c1'))).items).toHaveLength(1);

    // The absent participant (half of the path): refused with a code.
    expect(await codeOf(f.attendance.validate(FORMATEUR, rpc({ params: { id: absent.id }, body: {} })))).toBe('ATTESTATION.NOT_ATTENDED');
  });

  it('refuses an attestation for an absent participant of a module, and validates one who came', async () => {
    const s = await f.session({ moduleId: 'savoir-etre', capacite: 5, demiJournees: TWO_HALF_DAYS });
    const came = (await f.register(aidant('m1'), s.id)) as { id: string };
    const never = (await f.register(aidant('m2'), s.id)) as { id: string };
    await mark(s.id, 1, [{ inscriptionId: came.id, present: true }, { inscriptionId: never.id, present: false }]);
    expect(await codeOf(f.attendance.validate(FORMATEUR, rpc({ params: { id: never.id }, body: {} })))).toBe('ATTESTATION.NOT_ATTENDED');
    const a = (await f.attendance.validate(FORMATEUR, rpc({ params: { id: came.id }, body: {} }))) as { type: string; moduleId: string };
    expect(a).toMatchObject({ type: 'module', moduleId: 'savoir-etre' });
    // Not the path required for habilitation: no certification for this person.
    expect((await f.outboxEvents(CertificationGrantedV1.type)).filter((e) => e.data.aidantSub === 'sub-aidant-m1')).toEqual([]);
  });

  it('refuses attendance on a cancelled session, on an unknown half-day, for the waiting list and by someone else than the trainer', async () => {
    const s = await f.session({ moduleId: 'enjeux-societaux', capacite: 1 });
    const seat = (await f.register(aidant('a1'), s.id)) as { id: string };
    const waiting = (await f.register(aidant('a2'), s.id)) as { id: string };
    expect(await codeOf(mark(s.id, 2, [{ inscriptionId: seat.id, present: true }]))).toBe('PRESENCE.UNKNOWN_HALF_DAY');
    expect(await codeOf(mark(s.id, 1, [{ inscriptionId: waiting.id, present: true }]))).toBe('INSCRIPTION.NOT_REGISTERED');
    expect(await codeOf(mark(s.id, 1, [{ inscriptionId: seat.id, present: true }], { ...FORMATEUR, username: 'autre-formateur' }))).toBe('SESSION.NOT_TRAINER');
    expect(await codeOf(mark(s.id, 1, [{ inscriptionId: '00000000-0000-4000-8000-000000000000', present: true }]))).toBe('INSCRIPTION.NOT_FOUND');
    await f.sessions.cancel(ANIMATEUR, rpc({ params: { id: s.id }, body: { motif: 'Salle indisponible' } }));
    expect(await codeOf(mark(s.id, 1, [{ inscriptionId: seat.id, present: true }]))).toBe('SESSION.CANCELLED');
    expect(await codeOf(f.attendance.validate(FORMATEUR, rpc({ params: { id: seat.id }, body: {} })))).toBe('SESSION.CANCELLED');
  });

  it('completes the path module by module, and announces the certification of an aidant registered by their referent once they act in PIN', async () => {
    const path = (await f.catalogue.path(rpc({ params: { id: 'parcours-aidant' } }))) as { modules: Array<{ id: string }>; dureeMinutes: number };
    expect(path.dureeMinutes).toBe(420);
    const who = aidant('by-referent');
    for (const mod of path.modules) {
      const s = await f.session({ moduleId: mod.id, capacite: 3 });
      // Registered by the referent: the aidant's subject id is not known yet.
      const r = (await f.register(REFERENT, s.id, { aidant: { username: who.username, nom: who.name } })) as { id: string };
      await mark(s.id, 1, [{ inscriptionId: r.id, present: true }]);
    }
    const rows = await f.ds.query(`SELECT module_id, path_id, participant_sub, certification_emise_le FROM attestation WHERE participant_username = $1 ORDER BY path_id NULLS FIRST`, [who.username]);
    expect(rows).toHaveLength(6);
    expect(rows[5]).toMatchObject({ path_id: 'parcours-aidant', participant_sub: null, certification_emise_le: null });
    expect((await f.outboxEvents(CertificationGrantedV1.type)).filter((e) => e.data.aidantSub === who.sub)).toEqual([]);

    // The aidant opens their attestations: their subject id is known, the certification is announced once.
    const mine = await f.attestations.mine(who);
    expect(mine.items.map((a) => a.type).sort()).toEqual(['module', 'module', 'module', 'module', 'module', 'parcours']);
    await f.attestations.mine(who);
    const events = (await f.outboxEvents(CertificationGrantedV1.type)).filter((e) => e.data.aidantSub === who.sub);
    expect(events).toHaveLength(1);
    expect(events[0].data.pathId).toBe('parcours-aidant');
  });

  it('serves the référentiel: two levels and the decision-makers, with objectives, durations and modalities', async () => {
    const { niveaux } = await f.catalogue.modules();
    expect(niveaux.map((n) => [n.niveau, n.modules.length])).toEqual([['aidant', 5], ['mediateur', 3], ['decideur', 1]]);
    for (const n of niveaux) for (const m of n.modules) {
      expect(m.objectifs.length).toBeGreaterThan(0);
      expect(['presentiel', 'distance', 'mixte']).toContain(m.modalite);
    }
    const { items } = await f.catalogue.paths();
    expect(items.map((p) => [p.titre, p.dureeMinutes, p.requisHabilitation])).toEqual([['Parcours aidant 7 h', 420, true], ['Parcours médiateur 14 h', 840, false]]);
    expect(await codeOf(f.catalogue.module(rpc({ params: { id: 'inconnu' } })))).toBe('MODULE.NOT_FOUND');
    expect(await codeOf(f.catalogue.path(rpc({ params: { id: '../x' } })))).toBe('PARCOURS.NOT_FOUND');
  });
});
