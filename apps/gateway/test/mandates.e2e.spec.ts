import { randomUUID } from 'node:crypto';
import { AutorisationRevokedV1, MandateCreatedV1, MandateRevokedV1 } from '@pin/contracts';
import { eventually } from './platform.harness';
import { DAX, DURAND, MandatesHarness, MDM } from './mandates.harness';

// Issue 4: usagers (ID check, duplicates), mandates (idempotent), structure isolation, renewal,
// the usager's claim and revocation, seen by another consumer of the events.
jest.setTimeout(180_000);

describe('mandates service (issue 4): usagers, mandates, revocation', () => {
  const h = new MandatesHarness();
  const { check, count, received } = h;
  let aidantSub: string;
  let usagerId: string;
  let mandat: any;
  let claimCode: string;

  beforeAll(async () => {
    await h.start();
    ({ aidantSub } = h);
  });
  afterAll(() => h.stop());

  it('usager: created after an ID check, duplicate warning, bad input is a 400', async () => {
    const identity = DURAND;
    const r = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: identity });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ nom: 'Durand', prenoms: 'Marie Louise', dateNaissance: '1950-03-02', compteRelie: false });
    usagerId = r.json.id;

    const dup = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, nom: 'DURAND ', prenoms: 'marie-louise' } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe('USAGER.POSSIBLE_DUPLICATE');
    expect(dup.json.details.candidats.map((c: any) => c.id)).toEqual([usagerId]);
    const forced = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, prenoms: 'Marie', confirmerDoublon: true } });
    expect(forced.status).toBe(201);

    const noCheck = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, identiteVerifiee: false } });
    expect(noCheck.status).toBe(400);
    const badDate = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...identity, dateNaissance: '2090-01-01' } });
    expect(badDate.status).toBe(400);
    expect(badDate.json.code).toBe('REQUEST.INVALID');
    expect(badDate.json.details).toEqual([{ path: 'dateNaissance', message: 'Date de naissance : date invalide ou dans le futur.' }]);
  });

  it('usager search forgives: accents and case ignored, birth dates in the common French forms', async () => {
    const lefevre = await h.call('POST', '/api/v1/usagers', { user: 'aidant', body: { ...DURAND, nom: 'Lefèvre', prenoms: 'Hélène', dateNaissance: '1952-03-02' } });
    expect(lefevre.status).toBe(201);
    const found = async (q: string) => ((await h.call('GET', `/api/v1/usagers?q=${encodeURIComponent(q)}`, { user: 'aidant' })).json.items as Array<{ id: string }>).map((u) => u.id);
    for (const q of ['lefevre', 'LEFÈVRE', 'helene lefevre', '02/03/1952', '2-3-1952', '02031952', 'lefevre 1952-03-02']) expect({ q, ids: await found(q) }).toEqual({ q, ids: [lefevre.json.id] });
    expect(await found('lefevre 03/02/1952')).toEqual([]);

    // Three page views by the same aidant the same day: three journal entries, one line to read.
    for (let i = 0; i < 3; i++) expect((await h.call('GET', `/api/v1/usagers/${lefevre.json.id}`, { user: 'aidant' })).status).toBe(200);
    const entries = await h.query('mandates', `SELECT count(*)::int AS n FROM journal_entry WHERE action = 'usager.consulte' AND usager_id = $1`, [lefevre.json.id]);
    expect(entries[0].n).toBe(3);
    const lines = (await h.call('GET', `/api/v1/usagers/${lefevre.json.id}/journal`, { user: 'aidant' })).json.items.filter((l: any) => l.action === 'usager.consulte');
    expect(lines).toEqual([expect.objectContaining({ fois: 3, detail: '3 consultations ce jour-là' })]);
  });

  it('lists the structure’s usagers page by page (pages follow one order); a bad page is a 400', async () => {
    const all = await h.call('GET', '/api/v1/usagers?pageSize=100', { user: 'aidant' });
    expect(all.status).toBe(200);
    const total = all.json.total as number;
    expect(total).toBeGreaterThanOrEqual(2);
    expect(all.json.items).toHaveLength(total);
    const first = await h.call('GET', '/api/v1/usagers?page=1&pageSize=1', { user: 'aidant' });
    const second = await h.call('GET', '/api/v1/usagers?page=2&pageSize=1', { user: 'aidant' });
    expect(first.json).toMatchObject({ page: 1, pageSize: 1, total });
    expect([...first.json.items, ...second.json.items].map((u: { id: string }) => u.id)).toEqual(all.json.items.slice(0, 2).map((u: { id: string }) => u.id));
    expect((await h.call('GET', `/api/v1/usagers?page=${total + 5}&pageSize=1`, { user: 'aidant' })).json).toMatchObject({ items: [], total });
    expect((await h.call('GET', '/api/v1/usagers?page=0', { user: 'aidant' })).json.code).toBe('REQUEST.INVALID');
  });

  it('a non-habilitated aidant cannot create a mandate (403 MANDAT.AIDANT_NOT_HABILITATED), nothing is written', async () => {
    const r = await h.call('POST', '/api/v1/mandats', {
      user: 'aidant',
      headers: { 'idempotency-key': `k-${randomUUID()}` },
      body: { usagerId, demarches: ['social'], dureeJours: 365, consentement: true },
    });
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('MANDAT.AIDANT_NOT_HABILITATED');
    expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM outbox')).toBe(0);
    // The denial itself is journaled, in the usager's journal.
    const [denial] = await h.query('mandates', `SELECT usager_id, data FROM journal_entry WHERE action = 'autorisation.refusee'`);
    expect(denial).toEqual({ usager_id: usagerId, data: { raison: 'AIDANT_NON_HABILITE', operation: 'creation_mandat' } });
  });

  describe('once the aidants are habilitated', () => {
    beforeAll(() => h.habilitateAidants());

    it('creates a mandate (one autorisation per démarche, consent recorded); a duplicate submission returns the same mandate', async () => {
      const key = `k-${randomUUID()}`;
      const body = { usagerId, demarches: ['social', 'logement'], dureeJours: 365, consentement: true };
      const [a, b] = await Promise.all([
        h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body }),
        h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.json.id).toBe(b.json.id);
      mandat = a.json.codeReclamation ? a.json : b.json;
      claimCode = mandat.codeReclamation;
      expect(claimCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(mandat).toMatchObject({ statut: 'valide', dureeJours: 365, structure: { id: MDM }, usagerId, creePar: { username: 'aidant' } });
      expect(mandat.demarches.map((d: any) => [d.slug, d.label, d.statut])).toEqual([
        ['social', 'Social - Santé', 'active'],
        ['logement', 'Logement', 'active'],
      ]);
      expect(new Date(mandat.fin).getTime() - new Date(mandat.debut).getTime()).toBe(365 * 86_400_000);
      const again = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body });
      expect(again.json.id).toBe(mandat.id);
      const conflict = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': key }, body: { ...body, dureeJours: 31 } });
      expect(conflict.status).toBe(409);
      expect(conflict.json.code).toBe('IDEMPOTENCY.CONFLICT');
      expect(await count('SELECT count(*)::int AS n FROM mandat')).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM autorisation')).toBe(2);
      expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'mandat.cree'`)).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM outbox WHERE subject = $1', [MandateCreatedV1.type])).toBe(1);

      const verif = await h.call('GET', `/api/v1/verifications/${mandat.verificationToken}`);
      expect(verif.status).toBe(200);
      expect(verif.json).toMatchObject({ statut: 'valide', demarches: [{ slug: 'social', active: true }, { slug: 'logement', active: true }] });
      expect(verif.json.empreinte).toMatch(/^[0-9a-f]{64}$/);
      expect(verif.text).not.toMatch(/Durand|Marie|Alex/);
      expect((await h.call('GET', '/api/v1/verifications/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

      // A claim code is never accepted in a URL (history, access logs): only in a POST body.
      const inUrl = await h.call('GET', `/api/v1/mandats/${mandat.id}/attestation.pdf?code=${claimCode}`, { user: 'aidant' });
      expect([inUrl.status, inUrl.json.code]).toEqual([400, 'REQUEST.INVALID']);
      const pdf = await fetch(h.url(`/api/v1/mandats/${mandat.id}/attestation.pdf`), { headers: { authorization: `Bearer ${await h.token('aidant')}` } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      const posted = await fetch(h.url(`/api/v1/mandats/${mandat.id}/attestation.pdf`), {
        method: 'POST',
        headers: { authorization: `Bearer ${await h.token('aidant')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: claimCode }),
      });
      expect([posted.status, posted.headers.get('content-type')]).toEqual([200, 'application/pdf']);
      const foreignPdf = await h.call('GET', `/api/v1/mandats/${mandat.id}/attestation.pdf`, { user: 'mediateur' });
      expect(foreignPdf.status).toBe(404);
    });

    it('an aidant of another structure never sees the usager or the mandate (404), and cannot act for a structure not in the token (403)', async () => {
      for (const path of [`/api/v1/usagers/${usagerId}`, `/api/v1/usagers/${usagerId}/mandats`, `/api/v1/usagers/${usagerId}/journal`, `/api/v1/mandats/${mandat.id}`]) {
        const r = await h.call('GET', path, { user: 'mediateur' });
        expect([path, r.status]).toEqual([path, 404]);
      }
      const revoke = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'mediateur', body: {} });
      expect(revoke.status).toBe(404);
      const search = await h.call('GET', '/api/v1/usagers?q=durand', { user: 'mediateur' });
      expect(search.json.items).toEqual([]);
      const foreign = await h.call('GET', `/api/v1/usagers/${usagerId}`, { user: 'mediateur', headers: { 'x-pin-structure': MDM } });
      expect(foreign.status).toBe(403);
      const noMandate = await h.call('POST', '/api/v1/mandats', {
        user: 'mediateur',
        headers: { 'idempotency-key': `k-${randomUUID()}` },
        body: { usagerId, demarches: ['social'], dureeJours: 1, consentement: true },
      });
      expect(noMandate.status).toBe(404);
      // A usager sees only their own: before claiming, nothing.
      expect((await h.call('GET', `/api/v1/mandats/${mandat.id}`, { user: 'usager' })).status).toBe(404);
      expect((await h.call('GET', '/api/v1/moi/mandats', { user: 'usager' })).json.items).toEqual([]);
      // The aidant's view is journaled as "données consultées".
      expect((await h.call('GET', `/api/v1/usagers/${usagerId}`, { user: 'aidant' })).status).toBe(200);
      expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'usager.consulte' AND usager_id = $1`, [usagerId])).toBe(1);
    });

    it('renewal: a new mandate for the same démarche revokes the old autorisation (event, journal), the other stays', async () => {
      const r = await h.call('POST', '/api/v1/mandats', {
        user: 'aidant',
        headers: { 'idempotency-key': `k-${randomUUID()}` },
        body: { usagerId, demarches: ['social', 'travail'], dureeJours: 31, consentement: true },
      });
      expect(r.status).toBe(201);
      const old = (await h.call('GET', `/api/v1/mandats/${mandat.id}`, { user: 'aidant' })).json;
      expect(old.statut).toBe('valide');
      expect(old.demarches.map((d: any) => [d.slug, d.statut])).toEqual([['social', 'revoquee'], ['logement', 'active']]);
      expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true, mandatId: r.json.id });
      const [ev] = await h.query('mandates', 'SELECT payload FROM outbox WHERE subject = $1', [AutorisationRevokedV1.type]);
      expect(JSON.parse(ev.payload).data).toMatchObject({ mandatId: mandat.id, demarche: 'social', motif: 'renouvellement' });
      expect(await count(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'mandat.renouvele'`)).toBe(1);
    });

    it('the usager claims their account with the printed code, reads their mandates and journal, and revokes; the revocation reaches another consumer', async () => {
      expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: 'ZZZZ-ZZZZ' } })).status).toBe(404);
      // The second mandate issued a newer code: the first one no longer works.
      expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: claimCode } })).json.code).toBe('USAGER.INVALID_CODE');
      const fresh = await h.call('POST', `/api/v1/usagers/${usagerId}/code-reclamation`, { user: 'aidant', body: {} });
      expect(fresh.status).toBe(201);
      const claimed = await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: fresh.json.codeReclamation.toLowerCase() } });
      expect(claimed.status).toBe(200);
      expect(claimed.json).toMatchObject({ id: usagerId, compteRelie: true });
      // A used code is spent: it links nothing more.
      expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: fresh.json.codeReclamation } })).json.code).toBe('USAGER.INVALID_CODE');

      const mine = await h.call('GET', '/api/v1/moi/mandats', { user: 'usager' });
      expect(mine.json.items).toHaveLength(2);
      const journal = await h.call('GET', '/api/v1/moi/journal', { user: 'usager' });
      const actions = journal.json.items.map((e: any) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['usager.cree', 'mandat.cree', 'mandat.renouvele', 'autorisation.utilisee', 'autorisation.refusee', 'usager.consulte', 'usager.relie']));
      expect(journal.json.items.find((e: any) => e.action === 'mandat.cree')).toMatchObject({ acteur: 'Alex Aidant', libelle: 'Un mandat a été créé' });

      // Followed by a second structure (its own dossier, never visible from the first): its code
      // links that dossier to the same account, and the usager sees the mandates of both.
      const inDax = await h.call('POST', '/api/v1/usagers', { user: 'mediateur', body: DURAND });
      expect(inDax.status).toBe(201);
      const daxMandat = await h.call('POST', '/api/v1/mandats', { user: 'mediateur', body: { usagerId: inDax.json.id, demarches: ['argent'], dureeJours: 31, consentement: true }, headers: { 'idempotency-key': `dax-${Date.now()}` } });
      expect(daxMandat.status).toBe(201);
      const linkedDax = await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: daxMandat.json.codeReclamation } });
      expect(linkedDax.json).toMatchObject({ id: inDax.json.id, compteRelie: true });
      const both = await h.call('GET', '/api/v1/moi/mandats', { user: 'usager' });
      expect(both.json.items.map((x: any) => x.structure.id).sort()).toEqual([DAX, MDM, MDM].sort());
      expect((await h.call('GET', '/api/v1/moi/journal', { user: 'usager' })).json.items.filter((e: any) => e.action === 'usager.relie')).toHaveLength(2);

      const revokedAt = Date.now();
      const r = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'usager', body: {} });
      expect(r.status).toBe(200);
      expect(r.json.statut).toBe('revoque');
      expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'logement' })).toMatchObject({ allowed: false, reason: 'MANDAT_REVOQUE' });
      const again = await h.call('POST', `/api/v1/mandats/${mandat.id}/revocation`, { user: 'usager', body: {} });
      expect(again.json.code).toBe('MANDAT.ALREADY_REVOKED');
      const seen = await eventually(
        async () => received.filter((e) => e.event.data?.mandatId === mandat.id && [MandateRevokedV1.type, AutorisationRevokedV1.type].includes(e.subject) && e.at >= revokedAt),
        (x) => x.length >= 2,
        5_000,
      );
      expect(seen.find((e) => e.subject === MandateRevokedV1.type).event.data).toMatchObject({ par: 'usager', usagerId });
      console.log(`revocation seen by another consumer ${Math.max(...seen.map((e) => e.at)) - revokedAt} ms after the HTTP call started`);
      const verif = await h.call('GET', `/api/v1/verifications/${mandat.verificationToken}`);
      expect(verif.json.statut).toBe('revoque');
      const pdf = await fetch(h.url(`/api/v1/mandats/${mandat.id}/revocation.pdf`), { headers: { authorization: `Bearer ${await h.token('usager')}` } });
      expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    });

    it('an aidant of the structure revokes one autorisation of a mandate', async () => {
      const [second] = (await h.call('GET', `/api/v1/usagers/${usagerId}/mandats`, { user: 'aidant' })).json.items.filter((m: any) => m.statut === 'valide');
      const r = await h.call('POST', `/api/v1/mandats/${second.id}/revocation`, { user: 'aidant', body: { demarches: ['travail'] } });
      expect(r.status).toBe(200);
      expect(r.json.statut).toBe('valide');
      expect(r.json.demarches.map((d: any) => [d.slug, d.statut])).toEqual([['social', 'active'], ['travail', 'revoquee']]);
      expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'travail' })).toMatchObject({ allowed: false, reason: 'MANDAT_REVOQUE' });
      expect(await check({ aidantSub, structureId: MDM, usagerId, demarche: 'social' })).toMatchObject({ allowed: true });
    });

    it('no journal entry written here hashes personal data; the usager still reads who acted', async () => {
      const changed = await h.call('PATCH', `/api/v1/usagers/${usagerId}`, { user: 'aidant', body: { email: 'marie.l.durand@example.net', telephone: '06 12 34 56 78' } });
      expect(changed.status).toBe(200);
      const { findings, actions } = await h.journalHashedPersonalData(['marie.l.durand@example.net', '06 12 34 56 78']);
      expect(findings).toEqual([]);
      expect(actions).toEqual(expect.arrayContaining([
        'usager.cree', 'usager.consulte', 'usager.modifie', 'usager.code_emis', 'usager.relie', 'mandat.cree', 'mandat.renouvele', 'mandat.revoque',
        'autorisation.creee', 'autorisation.utilisee', 'autorisation.revoquee', 'autorisation.refusee', 'habilitation.demandee', 'habilitation.accordee',
      ]));
      const journal = (await h.call('GET', '/api/v1/moi/journal', { user: 'usager' })).json.items;
      expect(journal.find((e: any) => e.action === 'usager.modifie')).toMatchObject({ acteur: 'Alex Aidant' });
    });
  });
});
