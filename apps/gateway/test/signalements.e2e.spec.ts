import { randomUUID } from 'node:crypto';
import { DEMO_STRUCTURES, LieuClosedV1, LieuUpdatedV1, ReportCreatedV1, ReportResolvedV1 } from '@pin/contracts';
import { eventually, PlatformHarness } from './platform.harness';
import { directoryEvents } from './lieux-stream';

jest.setTimeout(120_000);

/** Public reports accepted per client IP and window in this run (the global limit stays high). */
const REPORT_MAX = 10;

describe('signalements: public report, queue of the right people, correction through the lieu write path', () => {
  const h = new PlatformHarness();
  // A private rate-limit namespace: counters of earlier runs (same IP, same Redis) do not count.
  beforeAll(() =>
    h.start({
      REPORT_RATE_LIMIT_MAX: String(REPORT_MAX), REPORT_RATE_LIMIT_WINDOW_MS: '600000', RATE_LIMIT_NAMESPACE: `pin:test-ratelimit:${randomUUID()}:`,
    }),
  );
  afterAll(() => h.stop());

  let accepted = 0;
  const report = async (lieuId: string, body: Record<string, unknown>) => {
    const r = await h.call('POST', `/api/v1/lieux/${lieuId}/signalements`, { body });
    if (r.status === 201) accepted += 1;
    return r;
  };
  const newLieu = async (nom: string) => {
    const r = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: DEMO_STRUCTURES.montDeMarsan, nom, adresse: '1 place Saint-Roch', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192',
        latitude: 43.8906, longitude: -0.499, horaires: 'Mo-Fr 09:00-12:00; PH off', services: ['aide-demarches-administratives'],
      },
    });
    expect(r.status).toBe(201);
    return r.json as { id: string; version: number };
  };

  let lieuId: string;
  let reportId: string;

  it('anyone reports an error (no login, e-mail optional); the event carries no e-mail', async () => {
    lieuId = (await newLieu('Point numérique Saint-Roch')).id;
    const r = await report(lieuId, { motif: 'horaires', commentaire: 'Fermé le mercredi depuis septembre.', email: 'camille@example.org' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ statut: 'ouvert' });
    reportId = r.json.id;
    const [event] = await eventually(() => directoryEvents(h, { type: ReportCreatedV1.type, subject: reportId }), (x) => x.length === 1);
    expect(event.data).toMatchObject({ id: reportId, lieu_id: lieuId, structure_id: DEMO_STRUCTURES.montDeMarsan, motif: 'horaires', statut: 'ouvert' });
    expect(JSON.stringify(event)).not.toContain('camille@example.org');

    const bad = await report(lieuId, { motif: 'le-lieu-est-hante' });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('REQUEST.INVALID');
    const missing = await report('6f1c1f8e-0000-4000-8000-000000000000', { motif: 'autre' });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('LIEU.NOT_FOUND');
  });

  it("the report is in the queue of the structure's referent and of the animateurs, not of another referent", async () => {
    const mine = await h.call('GET', '/api/v1/signalements?statut=ouvert', { user: 'referent' });
    expect(mine.status).toBe(200);
    const item = mine.json.items.find((s: { id: string }) => s.id === reportId);
    expect(item).toMatchObject({ lieu_id: lieuId, motif: 'horaires', email: 'camille@example.org', lieu_nom: 'Point numérique Saint-Roch' });
    const anim = await h.call('GET', '/api/v1/signalements', { user: 'animateur' });
    expect(anim.json.items.map((s: { id: string }) => s.id)).toContain(reportId);
    const other = await h.call('GET', '/api/v1/signalements', { user: 'referent-dax' });
    expect(other.status).toBe(200);
    expect(other.json.items.map((s: { id: string }) => s.id)).not.toContain(reportId);
    expect((await h.call('GET', '/api/v1/signalements')).status).toBe(401);
    expect((await h.call('GET', '/api/v1/signalements', { user: 'usager' })).status).toBe(403);
    // Nor can that referent resolve it.
    const res = await h.call('POST', `/api/v1/signalements/${reportId}/resolution`, { user: 'referent-dax', body: { action: 'rejeter', motif: 'Non' } });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('SIGNALEMENT.NOT_FOUND');
  });

  it('a correction that breaks the rules is refused and leaves the report open and the lieu unchanged', async () => {
    const r = await h.call('POST', `/api/v1/signalements/${reportId}/resolution`, {
      user: 'referent', body: { action: 'corriger', motif: 'Nouvelle position', correction: { latitude: 48.8566, longitude: 2.3522 } },
    });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('LIEU.OUTSIDE_DEPARTEMENT');
    expect((await h.query('directory', 'SELECT statut FROM signalement WHERE id = $1', [reportId]))[0].statut).toBe('ouvert');
    expect((await h.query('directory', 'SELECT version FROM lieu WHERE id = $1', [lieuId]))[0].version).toBe(1);
  });

  it('resolution « corriger » applies the correction to the lieu and records lieu.updated and report.resolved', async () => {
    const r = await h.call('POST', `/api/v1/signalements/${reportId}/resolution`, {
      user: 'referent', body: { action: 'corriger', motif: 'Horaires mis à jour', correction: { horaires: 'Mo,Tu,Th,Fr 09:00-12:00; PH off' } },
    }, );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ statut: 'corrige', resolution_motif: 'Horaires mis à jour', resolu_par: 'referent', changed: ['horaires'] });
    const lieu = await h.call('GET', `/api/v1/lieux/${lieuId}`);
    expect(lieu.json.horaires).toBe('Mo,Tu,Th,Fr 09:00-12:00; PH off');
    expect(lieu.json.version).toBe(2);
    const [updated] = await eventually(() => directoryEvents(h, { type: LieuUpdatedV1.type, subject: lieuId }), (x) => x.length === 1);
    expect(updated.data).toMatchObject({ horaires: 'Mo,Tu,Th,Fr 09:00-12:00; PH off', changed: ['horaires'] });
    const [resolved] = await eventually(() => directoryEvents(h, { type: ReportResolvedV1.type, subject: reportId }), (x) => x.length === 1);
    expect(resolved.data).toMatchObject({ id: reportId, lieu_id: lieuId, statut: 'corrige', resolution_motif: 'Horaires mis à jour', changed: ['horaires'] });
    expect(JSON.stringify(resolved)).not.toContain('camille@example.org');
    // Treated once only.
    const again = await h.call('POST', `/api/v1/signalements/${reportId}/resolution`, { user: 'animateur', body: { action: 'rejeter', motif: 'Doublon' } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('SIGNALEMENT.ALREADY_RESOLVED');
  });

  it("two open « n'existe plus » reports make the lieu « à vérifier »; dismissing one clears it; a confirmed one closes the lieu", async () => {
    const one = await report(lieuId, { motif: 'n-existe-plus', commentaire: 'Le local est vide.' });
    expect(one.status).toBe(201);
    expect((await h.call('GET', `/api/v1/lieux/${lieuId}`)).json.a_verifier).toBe(false);
    const two = await report(lieuId, { motif: 'n-existe-plus' });
    expect(two.status).toBe(201);
    const flagged = await h.call('GET', `/api/v1/lieux/${lieuId}`);
    expect(flagged.json.a_verifier).toBe(true);
    expect(flagged.json.flags).toContain('a-verifier');
    const [event] = await eventually(
      () => directoryEvents(h, { type: LieuUpdatedV1.type, subject: lieuId }),
      (x) => x.some((e) => e.data.flags.includes('a-verifier')),
    ).then((x) => x.filter((e) => e.data.flags.includes('a-verifier')));
    expect(event.data.changed).toEqual(['flags']);

    const dismissed = await h.call('POST', `/api/v1/signalements/${one.json.id}/resolution`, { user: 'animateur', body: { action: 'rejeter', motif: 'Le lieu a déménagé à côté, il existe.' } });
    expect(dismissed.status).toBe(200);
    expect(dismissed.json.statut).toBe('rejete');
    expect((await h.call('GET', `/api/v1/lieux/${lieuId}`)).json.a_verifier).toBe(false);

    const closed = await h.call('POST', `/api/v1/signalements/${two.json.id}/resolution`, { user: 'referent', body: { action: 'corriger', fermer: true, motif: 'Fermeture confirmée' } });
    expect(closed.status).toBe(200);
    expect((await h.call('GET', `/api/v1/lieux/${lieuId}`)).json.statut).toBe('ferme');
    await eventually(() => directoryEvents(h, { type: LieuClosedV1.type, subject: lieuId }), (x) => x.length === 1);
    // A closed lieu is not reported any more.
    expect((await report(lieuId, { motif: 'autre' })).json.code).toBe('LIEU.CLOSED');
  });

  it('public reports are rate-limited harder than the rest of the API', async () => {
    const target = (await newLieu('Point numérique du Bourg')).id;
    let limited: { status: number; json: any } | undefined;
    for (let i = 0; i < REPORT_MAX + 2 && !limited; i++) {
      const r = await report(target, { motif: 'autre', commentaire: `essai ${i}` });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(201);
    }
    expect(limited?.json.code).toBe('REQUEST.RATE_LIMITED');
    // Every request of this file counts, the rejected ones (400, 404, 409) too.
    expect(accepted).toBeLessThanOrEqual(REPORT_MAX);
    // The rest of the API still answers.
    expect((await h.call('GET', `/api/v1/lieux/${target}`)).status).toBe(200);
  });
});
