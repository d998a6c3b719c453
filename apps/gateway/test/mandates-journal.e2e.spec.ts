import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MandateExpiredV1, MandateExpiringV1 } from '@pin/contracts';
import { DAX, MandatesHarness, MDM } from './mandates.harness';

// Issue 4: the authorization check over NATS (journaled), expiry and the retention purge (scheduled
// tasks), the journal's tamper evidence.
jest.setTimeout(180_000);

describe('mandates service (issue 4): authorization check, expiry, purge, journal', () => {
  const h = new MandatesHarness();
  const { check, count } = h;
  let aidantSub: string;
  let mediateurSub: string;
  let usagerId: string;
  let mandat: any;

  beforeAll(async () => {
    await h.start();
    ({ aidantSub, mediateurSub } = h);
    await h.habilitateAidants();
    usagerId = await h.createUsager();
    mandat = await h.createMandate(usagerId, ['social', 'logement'], 365);
  });
  afterAll(() => h.stop());

  it('authorization check over NATS: allowed, and denied with reasons; every answer is journaled', async () => {
    const before = await count('SELECT count(*)::int AS n FROM journal_entry');
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true, reason: 'AUTORISE', mandatId: mandat.id });
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'papiers' })).toMatchObject({ allowed: false, reason: 'AUCUN_MANDAT' });
    expect(await check({ aidantSub: mediateurSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: false, reason: 'AIDANT_NON_HABILITE' });
    // The médiatrice never acted yet: her habilitation is matched by username, which services send along.
    expect(await check({ aidantSub: mediateurSub, aidantUsername: 'mediateur', structureId: DAX, usagerId, demarche: 'social' })).toMatchObject({ allowed: false, reason: 'AUCUN_MANDAT' });
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'impots' })).toMatchObject({ allowed: false, reason: 'DEMARCHE_INCONNUE' });
    expect(await check({ aidantSub, structureId: 'pas-un-uuid' })).toMatchObject({ allowed: false, reason: 'REQUETE_INVALIDE' });
    const rows = await h.query('mandates', `SELECT action, demarche, data FROM journal_entry WHERE seq > (SELECT max(seq) - 5 FROM journal_entry) ORDER BY seq`);
    expect(await count('SELECT count(*)::int AS n FROM journal_entry')).toBe(before + 5);
    expect(rows.map((r) => [r.action, r.data.raison ?? null])).toEqual([
      ['autorisation.utilisee', null],
      ['autorisation.refusee', 'AUCUN_MANDAT'],
      ['autorisation.refusee', 'AIDANT_NON_HABILITE'],
      ['autorisation.refusee', 'AUCUN_MANDAT'],
      ['autorisation.refusee', 'DEMARCHE_INCONNUE'],
    ]);
  });

  it('expiry: status from dates, an expired mandate never authorizes; the scheduled scan notifies 30 days before and emits the expired event once', async () => {
    const mk = async (dureeJours: number, demarche: string) =>
      (await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId, demarches: [demarche], dureeJours, consentement: true } })).json;
    const soon = await mk(365, 'argent');
    const ended = await mk(182, 'justice');
    // Move dates as time would (autorisation and mandat are ordinary tables).
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '340 days', fin = now() + interval '25 days' WHERE id = $1`, [soon.id]);
    await h.query('mandates', `UPDATE autorisation SET debut = now() - interval '340 days', fin = now() + interval '25 days' WHERE mandat_id = $1`, [soon.id]);
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '183 days', fin = now() - interval '1 hour' WHERE id = $1`, [ended.id]);
    await h.query('mandates', `UPDATE autorisation SET debut = now() - interval '183 days', fin = now() - interval '1 hour' WHERE mandat_id = $1`, [ended.id]);
    expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'justice' })).toMatchObject({ allowed: false, reason: 'MANDAT_EXPIRE' });
    expect((await h.call('GET', `/api/v1/mandats/${ended.id}`, { user: 'aidant' })).json.statut).toBe('expire');
    expect((await h.call('POST', `/api/v1/mandats/${ended.id}/revocation`, { user: 'aidant', body: {} })).json.code).toBe('MANDAT.INACTIVE');

    const run = await h.call('POST', '/api/v1/admin/mandats/taches/echeances', { user: 'admin' });
    expect(run.status).toBe(200);
    expect(run.json.resultat).toEqual({ notifies: 1, expires: 1 });
    expect(run.json.planifiees).toEqual(expect.arrayContaining(['mandates-expiry-scan', 'mandates-retention-purge']));
    const rerun = await h.call('POST', '/api/v1/admin/mandats/taches/echeances', { user: 'admin' });
    expect(rerun.json.resultat).toEqual({ notifies: 0, expires: 0 });
    const notes = await h.query('mandates', `SELECT mandat_id, kind, destinataires FROM mandat_notification ORDER BY kind`);
    expect(notes.map((n) => [n.mandat_id, n.kind])).toEqual([[soon.id, 'expiration_proche'], [ended.id, 'expire']]);
    expect(notes[0].destinataires.usager).toEqual({ email: 'marie.durand@example.org', telephone: null });
    const subjects = (await h.query('mandates', 'SELECT subject, payload FROM outbox WHERE subject = ANY($1)', [[MandateExpiredV1.type, MandateExpiringV1.type]])).map((r) => [r.subject, JSON.parse(r.payload).data.mandatId]);
    expect(subjects.sort()).toEqual([[MandateExpiredV1.type, ended.id], [MandateExpiringV1.type, soon.id]]);
  });

  it('retention purge erases the usager’s personal data (also in the journal) and the chain still verifies', async () => {
    const other = await h.call('POST', '/api/v1/usagers', {
      user: 'aidant',
      body: { nom: 'Lafitte', prenoms: 'Jean', dateNaissance: '1941-07-14', lieuNaissance: 'Mont-de-Marsan', identiteVerifiee: true },
    });
    const m = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId: other.json.id, demarches: ['papiers'], dureeJours: 1, consentement: true } });
    expect(m.status).toBe(201);
    await h.query('mandates', `UPDATE mandat SET debut = now() - interval '1200 days', fin = now() - interval '1199 days', expired_emitted_at = now() WHERE usager_id = $1`, [other.json.id]);
    expect(await count('SELECT count(*)::int AS n FROM journal_personal WHERE usager_id = $1', [other.json.id])).toBeGreaterThan(0);
    // A habilitation refused long ago: its entries' personal details (the aidant's username) go too.
    const asked = await h.requestHabilitation('referent', MDM, 'referent', { charteSignee: true, formationSuivie: false });
    expect((await h.call('POST', `/api/v1/habilitations/${asked.json.id}/refuser`, { user: 'animateur', body: { motif: 'Formation non suivie' } })).status).toBe(200);
    await h.query('mandates', `UPDATE habilitation SET decidee_le = now() - interval '1200 days' WHERE id = $1`, [asked.json.id]);
    const habilitationPersonal = `SELECT count(*)::int AS n FROM journal_personal p JOIN journal_entry j ON j.seq = p.seq WHERE j.data->>'habilitationId' = $1`;
    expect(await count(habilitationPersonal, [asked.json.id])).toBe(2);
    // A member not seen for the retention period: their username and name go.
    await h.query('mandates', `INSERT INTO structure_member (structure_id, sub, username, nom, roles, last_seen) VALUES ($1, 'gone', 'b.castaing', 'Bernard Castaing', '{aidant}', now() - interval '1200 days')`, [MDM]);
    const run = await h.call('POST', '/api/v1/admin/mandats/taches/purge', { user: 'admin' });
    expect(run.json.resultat).toEqual({ purges: 1, habilitations: 1, membres: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM structure_member WHERE sub = 'gone'`)).toBe(0);
    expect(await count(habilitationPersonal, [asked.json.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'donnees.purgees' AND data->>'habilitationId' = $1`, [asked.json.id])).toBe(1);
    expect((await h.call('POST', '/api/v1/admin/mandats/taches/purge', { user: 'admin' })).json.resultat).toEqual({ purges: 0, habilitations: 0, membres: 0 });
    const [u] = await h.query('mandates', 'SELECT nom, prenoms, date_naissance, purged_at FROM usager WHERE id = $1', [other.json.id]);
    expect(u).toMatchObject({ nom: null, prenoms: null, date_naissance: null });
    expect(u.purged_at).not.toBeNull();
    expect(await count('SELECT count(*)::int AS n FROM journal_personal WHERE usager_id = $1', [other.json.id])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE usager_id = $1 AND action = 'donnees.purgees'`, [other.json.id])).toBe(1);
    // The other usager (mandates still in force) keeps everything.
    expect((await h.query('mandates', 'SELECT nom FROM usager WHERE id = $1', [usagerId]))[0].nom).toBe('Durand');
    expect((await h.call('GET', `/api/v1/usagers/${other.json.id}`, { user: 'aidant' })).status).toBe(404);
    expect((await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' })).json).toMatchObject({ ok: true });
  });

  it('no journal entry written here (checks, expiry, purge) hashes personal data', async () => {
    const { findings, actions } = await h.journalHashedPersonalData(['Lafitte', 'Jean', '1941-07-14', 'Mont-de-Marsan', 'b.castaing', 'Bernard Castaing']);
    expect(findings).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['mandat.expiration_proche', 'mandat.expire', 'donnees.purgees', 'autorisation.utilisee', 'autorisation.refusee', 'habilitation.accordee']));
  });

  it('the journal refuses UPDATE and DELETE, and the chain verifies', async () => {
    await expect(h.query('mandates', `UPDATE journal_entry SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.query('mandates', `DELETE FROM journal_entry WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.query('mandates', `TRUNCATE journal_entry CASCADE`)).rejects.toThrow(/append-only/);
    const r = await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, premiereRupture: null });
    expect(r.json.entrees).toBeGreaterThan(20);
    expect((await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'animateur' })).status).toBe(403);
  });

  it('a journal row edited through a superuser connection (trigger disabled) is named by the verifier and the CLI', async () => {
    const [target] = await h.query('mandates', `SELECT seq, id FROM journal_entry WHERE action = 'autorisation.utilisee' ORDER BY seq LIMIT 1`);
    const c = new Client({ connectionString: h.mandatesDb.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE journal_entry SET data = jsonb_set(data, '{autorisationId}', to_jsonb(gen_random_uuid()::text)) WHERE seq = $1`, [target.seq]);
    } finally {
      await c.end();
    }
    const r = await h.call('GET', '/api/v1/admin/mandats/journal/verification', { user: 'admin' });
    expect(r.json.ok).toBe(false);
    expect(r.json.premiereRupture).toMatchObject({ seq: Number(target.seq), id: target.id });
    expect(r.json.entrees).toBe(Number(target.seq) - 1);

    const { execFileSync } = await import('node:child_process');
    let out = '';
    let status = 0;
    try {
      out = execFileSync(process.execPath, ['dist/apps/mandates/src/verify-journal.js'], { env: { ...process.env, DATABASE_URL: h.mandatesDb.url }, encoding: 'utf8' });
    } catch (err) {
      status = (err as { status: number }).status;
      out = String((err as { stdout: string }).stdout);
    }
    expect(status).toBe(1);
    expect(out).toContain(`entrée n° ${target.seq} (${target.id})`);
    expect(out).toContain(target.id);
  });
});
