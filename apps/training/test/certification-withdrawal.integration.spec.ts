import { CertificationGrantedV1, CertificationWithdrawnV1, rpc } from '@pin/contracts';
import { aidant, ANIMATEUR, codeOf, FORMATEUR, REFERENT, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

const TWO_HALF_DAYS = [{ date: '2099-04-06', periode: 'matin' as const }, { date: '2099-04-06', periode: 'apres-midi' as const }];

// Real PostgreSQL: the network withdraws a certification granted by mistake.
describe('withdrawal of a training certification (real PostgreSQL)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  const mark = (sessionId: string, demiJournee: number, presences: Array<{ inscriptionId: string; present: boolean }>) =>
    f.attendance.record(FORMATEUR, rpc({ params: { id: sessionId }, body: { demiJournee, presences } })) as Promise<{ attestations: Array<{ id: string; code: string; type: string }> }>;
  const withdraw = (id: string, user = ANIMATEUR, motif: unknown = 'Présence saisie par erreur') => f.attestations.withdraw(user, rpc({ params: { id }, body: { motif } }));

  beforeAll(async () => {
    f = await trainingFixture('training_withdrawal', 5);
  });
  afterAll(async () => {
    await f?.t.teardown();
  });

  it('marks the attestation withdrawn, emits pin.training.certification.withdrawn.v1 (ids only) once, and the public verification says so', async () => {
    const s = await f.session({ parcoursId: 'parcours-aidant', capacite: 5, demiJournees: TWO_HALF_DAYS });
    const r = (await f.register(aidant('w1'), s.id)) as { id: string };
    await mark(s.id, 1, [{ inscriptionId: r.id, present: true }]);
    const [attestation] = (await mark(s.id, 2, [{ inscriptionId: r.id, present: true }])).attestations;
    expect(await f.outboxEvents(CertificationGrantedV1.type)).toHaveLength(1);

    // Only the network withdraws; a reason is required.
    expect(await codeOf(withdraw(attestation.id, REFERENT))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(withdraw(attestation.id, ANIMATEUR, ''))).toBe('REQUEST.INVALID');
    expect(await codeOf(withdraw('not-a-uuid'))).toBe('REQUEST.INVALID');
    expect(await codeOf(withdraw('0a1b2c3d-0000-4000-8000-00000000dead'))).toBe('ATTESTATION.NOT_FOUND');

    const withdrawn = (await withdraw(attestation.id)) as { retireeLe: string | null };
    expect(withdrawn.retireeLe).toEqual(expect.any(String));
    const events = await f.outboxEvents(CertificationWithdrawnV1.type);
    expect(events.map((e) => e.data)).toEqual([{ aidantSub: 'sub-aidant-w1', pathId: 'parcours-aidant', attestationId: attestation.id }]);
    expect(JSON.stringify(events[0])).not.toMatch(/"aidant-w1"|Aidant w1|erreur/);
    expect(await f.attestations.verify(rpc({ params: { code: attestation.code } }))).toMatchObject({ statut: 'retiree' });

    // Twice: refused with a code, no second event.
    expect(await codeOf(withdraw(attestation.id))).toBe('ATTESTATION.ALREADY_WITHDRAWN');
    expect(await f.outboxEvents(CertificationWithdrawnV1.type)).toHaveLength(1);
  });

  it('refuses to withdraw a module attestation (not a certification)', async () => {
    const s = await f.session({ moduleId: 'savoir-etre', capacite: 5, demiJournees: TWO_HALF_DAYS });
    const r = (await f.register(aidant('w2'), s.id)) as { id: string };
    await mark(s.id, 1, [{ inscriptionId: r.id, present: true }]);
    const [a] = (await mark(s.id, 2, [{ inscriptionId: r.id, present: true }])).attestations;
    expect(await codeOf(withdraw(a.id))).toBe('ATTESTATION.NOT_A_CERTIFICATION');
  });
});
