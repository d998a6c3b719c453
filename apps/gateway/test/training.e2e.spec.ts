import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { CertificationGrantedV1, DEMO_STRUCTURES, STREAMS } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { MandatesHarness, MDM } from './mandates.harness';
import { eventually } from './platform.harness';

jest.setTimeout(180_000);

const subOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub as string;

// The training service through the gateway, with real processes on real PostgreSQL, NATS and Redis:
// catalogue, a session in a lieu known from the directory's events, registrations with a waiting
// list, attendance, the attestation and its public verification, the certification event.
describe('training: référentiel, sessions, attendance, attestations', () => {
  const h = new MandatesHarness();
  let nc: NatsConnection;
  let lieuId: string;
  let sessionId: string;
  const reg: Record<string, string> = {};
  /** The aidant's path attestation (the certification mandates relied on), and their granted habilitation. */
  const certified: { attestationId?: string; habilitationId?: string } = {};

  beforeAll(async () => {
    await h.start();
    nc = await connectNats({ ...h.nats.endpoint(), name: 'test-training' });
  });
  afterAll(async () => {
    await nc?.close();
    await h.stop();
  });

  it('serves the référentiel publicly: modules in two levels plus decision-makers, the two paths', async () => {
    const m = await h.call('GET', '/api/v1/formations/modules');
    expect(m.status).toBe(200);
    expect(m.json.niveaux.map((n: any) => [n.niveau, n.modules.length])).toEqual([['aidant', 5], ['mediateur', 3], ['decideur', 1]]);
    const p = await h.call('GET', '/api/v1/formations/parcours/parcours-aidant');
    expect(p.json).toMatchObject({ titre: 'Parcours aidant 7 h', dureeMinutes: 420, requisHabilitation: true });
    expect((await h.call('GET', '/api/v1/formations/modules/inconnu')).json.code).toBe('MODULE.NOT_FOUND');
  });

  it('an animateur programmes a path session in a lieu the training service knows from the directory’s events', async () => {
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: DEMO_STRUCTURES.montDeMarsan, nom: 'Salle de formation du Marsan', adresse: '1 place du Marsan', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192',
        latitude: 43.8935, longitude: -0.4996, services: ['maitrise-outils-numeriques'], frais_a_charge: ['gratuit'],
      },
    });
    expect(lieu.status).toBe(201);
    lieuId = lieu.json.id;
    const body = {
      parcoursId: 'parcours-aidant', lieuId, capacite: 2, formateur: { username: 'mediateur', nom: 'Morgane Médiatrice' },
      demiJournees: [{ date: '2099-05-04', periode: 'matin' }, { date: '2099-05-04', periode: 'apres-midi' }],
    };
    // Refused roles first: the policy names the network only.
    for (const user of ['aidant', 'mediateur', 'referent', 'usager']) expect((await h.call('POST', '/api/v1/formations/sessions', { user, body })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/formations/sessions', { body })).status).toBe(401);
    expect((await h.call('POST', '/api/v1/formations/sessions', { user: 'animateur', body: { ...body, salle: 'B' } })).json.code).toBe('REQUEST.INVALID');
    expect((await h.call('POST', '/api/v1/formations/sessions', { user: 'animateur', body: { ...body, lieuId: '00000000-0000-4000-8000-000000000000' } })).json.code).toBe('SESSION.UNKNOWN_LIEU');
    // The lieu reaches training through NATS (durable training-lieux): then the session is created.
    const created = await eventually(() => h.call('POST', '/api/v1/formations/sessions', { user: 'animateur', body }), (r) => r.status !== 400, 30_000);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ intitule: 'Parcours aidant 7 h', lieu: { id: lieuId, nom: 'Salle de formation du Marsan', commune: 'Mont-de-Marsan' }, capacite: 2, placesRestantes: 2 });
    sessionId = created.json.id;
    const pub = await h.call('GET', `/api/v1/formations/sessions/${sessionId}`);
    expect(pub.status).toBe(200);
    expect(pub.text).not.toMatch(/Morgane|mediateur/);
  });

  it('registers the aidant and an aidant named by the referent, then waits the next; refuses doubles and other structures', async () => {
    const self = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'aidant', body: {} });
    expect(self.status).toBe(201);
    expect(self.json).toMatchObject({ statut: 'inscrit', structureId: DEMO_STRUCTURES.montDeMarsan });
    reg.aidant = self.json.id;
    const dup = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'aidant', body: {} });
    expect([dup.status, dup.json.code]).toEqual([409, 'INSCRIPTION.DUPLICATE']);
    const other = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'referent-dax', body: { structureId: DEMO_STRUCTURES.montDeMarsan, aidant: { username: 'paul' } } });
    expect([other.status, other.json.code]).toEqual([403, 'AUTH.STRUCTURE_SCOPE']);
    const byReferent = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'referent', body: { aidant: { username: 'paul', nom: 'Paul Nouvel' } } });
    expect(byReferent.json).toMatchObject({ statut: 'inscrit' });
    reg.paul = byReferent.json.id;
    const waiting = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'referent-dax', body: {} });
    expect(waiting.json).toMatchObject({ statut: 'attente', rangAttente: 1 });
    reg.dax = waiting.json.id;
    expect((await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'usager', body: {} })).status).toBe(403);
    expect((await h.call('GET', `/api/v1/formations/sessions/${sessionId}`)).json).toMatchObject({ inscrits: 2, placesRestantes: 0, enAttente: 1 });

    const cal = await h.call('GET', `/api/v1/formations/inscriptions/${reg.aidant}/calendrier`, { user: 'aidant' });
    expect(cal.status).toBe(200);
    expect(cal.json.contenu).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(cal.json.contenu).toContain('LOCATION:Salle de formation du Marsan\\, Mont-de-Marsan');
    expect((await h.call('GET', `/api/v1/formations/inscriptions/${reg.aidant}/calendrier`, { user: 'referent-dax' })).status).toBe(404);
    const file = await h.call('GET', `/api/v1/formations/inscriptions/${reg.aidant}/calendrier.ics`, { user: 'aidant' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const stampless = (ics: string) => ics.replace(/DTSTAMP:\d{8}T\d{6}Z/g, 'DTSTAMP');
    expect(stampless(file.text)).toBe(stampless(cal.json.contenu));
    const mine = await h.call('GET', '/api/v1/formations/mes-inscriptions', { user: 'aidant' });
    expect(mine.json.items.map((i: any) => i.id)).toEqual([reg.aidant]);
  });

  it('the referent cancels Paul’s seat: the first of the waiting list takes it', async () => {
    const r = await h.call('POST', `/api/v1/formations/inscriptions/${reg.paul}/annulation`, { user: 'referent', body: { motif: 'Indisponible' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ statut: 'annule', promues: [reg.dax] });
    const again = await h.call('POST', `/api/v1/formations/inscriptions/${reg.paul}/annulation`, { user: 'referent', body: {} });
    expect(again.json.code).toBe('INSCRIPTION.ALREADY_CANCELLED');
  });

  it('the trainer records attendance; the aidant present at both half-days gets the attestation, verifiable publicly, and becomes habilitable without anyone ticking a box', async () => {
    // The referent asks for the aidant's habilitation before the training: « formation suivie » is missing.
    const asked = await h.requestHabilitation('referent', MDM, 'aidant', { charteSignee: true, formationSuivie: false });
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({ formationSuivie: false });
    const early = await h.call('POST', `/api/v1/habilitations/${asked.json.id}/accorder`, { user: 'animateur', body: {} });
    expect([early.status, early.json.code]).toEqual([409, 'HABILITATION.MISSING_PREREQUISITES']);

    const url = `/api/v1/formations/sessions/${sessionId}/presences`;
    // Only the session's trainer (or the network): an aidant, a referent are refused.
    for (const user of ['aidant', 'referent']) expect((await h.call('POST', url, { user, body: { demiJournee: 1, presences: [{ inscriptionId: reg.aidant, present: true }] } })).status).toBe(403);
    const list = await h.call('GET', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'mediateur' });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: any) => i.statut)).toEqual(['inscrit', 'annule', 'inscrit']);
    expect((await h.call('GET', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'aidant' })).status).toBe(403);

    const first = await h.call('POST', url, { user: 'mediateur', body: { demiJournee: 1, presences: [{ inscriptionId: reg.aidant, present: true }, { inscriptionId: reg.dax, present: false }] } });
    expect(first.status).toBe(200);
    expect(first.json.attestations).toEqual([]);
    expect((await h.call('POST', url, { user: 'mediateur', body: { demiJournee: 3, presences: [{ inscriptionId: reg.aidant, present: true }] } })).json.code).toBe('PRESENCE.UNKNOWN_HALF_DAY');
    const second = await h.call('POST', url, { user: 'mediateur', body: { demiJournee: 2, presences: [{ inscriptionId: reg.aidant, present: true }, { inscriptionId: reg.dax, present: false }] } });
    expect(second.json.attestations).toHaveLength(1);
    const { code } = second.json.attestations[0];

    // The absent participant: no attestation, with a code.
    const refused = await h.call('POST', `/api/v1/formations/inscriptions/${reg.dax}/validation`, { user: 'mediateur', body: {} });
    expect([refused.status, refused.json.code]).toEqual([409, 'ATTESTATION.NOT_ATTENDED']);

    const mine = await h.call('GET', '/api/v1/formations/mes-attestations', { user: 'aidant' });
    expect(mine.json.items).toEqual([expect.objectContaining({ code, type: 'parcours', parcoursId: 'parcours-aidant', intitule: 'Parcours aidant 7 h' })]);
    const verified = await h.call('GET', `/api/v1/formations/attestations/${code}`);
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ code, statut: 'valide', intitule: 'Parcours aidant 7 h' });
    expect(verified.text).not.toMatch(/Alex|aidant"|Aidant/);
    expect((await h.call('GET', '/api/v1/formations/attestations/F-AAAAA-AAAAA')).status).toBe(404);

    // The printed attestation: the holder and the network, one page of PDF; someone else gets 404.
    const attestationId = second.json.attestations[0].id;
    const pdf = await fetch(h.url(`/api/v1/formations/attestations/${attestationId}/attestation.pdf`), { headers: { authorization: `Bearer ${await h.token('aidant')}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await h.call('GET', `/api/v1/formations/attestations/${attestationId}/attestation.pdf`, { user: 'animateur' })).status).toBe(200);
    expect((await h.call('GET', `/api/v1/formations/attestations/${attestationId}/attestation.pdf`, { user: 'referent-dax' })).json.code).toBe('ATTESTATION.NOT_FOUND');
    expect((await h.call('GET', `/api/v1/formations/attestations/${attestationId}/attestation.pdf`)).status).toBe(401);

    // The certification reached the PIN_TRAINING stream, ids only.
    const jsm = await jetstreamManager(nc);
    await eventually(() => jsm.streams.info(STREAMS.training.name).then((i) => i.state.messages, () => 0), (n) => n >= 1, 15_000);
    // Another service's view of the stream (ordered consumer from the start); training emits only this event so far.
    const consumer = await jetstream(nc).consumers.get(STREAMS.training.name);
    const msg = await consumer.next({ expires: 5_000 });
    expect(msg?.subject).toBe(CertificationGrantedV1.type);
    const event = msg?.json<any>();
    expect(event.data).toEqual({ aidantSub: subOf(await h.token('aidant')), pathId: 'parcours-aidant', attestationId: second.json.attestations[0].id });

    // Mandates consumes it (durable mandates-training): the prerequisite is met, the animateur grants.
    await eventually(
      () => h.call('GET', `/api/v1/habilitations?structureId=${MDM}`, { user: 'referent' }),
      (r) => r.json?.items?.some((x: any) => x.id === asked.json.id && x.formationSuivie === true),
      20_000,
    );
    // The journal says who set it: the training service's certification, not a person.
    expect(await h.query('mandates', `SELECT actor_sub, data->>'attestationId' AS attestation FROM journal_entry WHERE action = 'habilitation.formation_certifiee'`)).toEqual([{ actor_sub: null, attestation: second.json.attestations[0].id }]);
    const granted = await h.call('POST', `/api/v1/habilitations/${asked.json.id}/accorder`, { user: 'animateur', body: {} });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ statut: 'accordee', charteSignee: true, formationSuivie: true });
    certified.attestationId = second.json.attestations[0].id;
    certified.habilitationId = asked.json.id;
  });

  it('the referent records the aidant’s PIX result with the certificate’s code; the aidant reads it, a référent of another structure cannot write it', async () => {
    const body = { aidant: { username: 'aidant', nom: 'Alex Aidant' }, score: 256, date: '2026-11-02', preuve: { codeVerification: 'P-4F7K2M9Q' } };
    expect((await h.call('POST', '/api/v1/formations/pix', { user: 'referent', body })).status).toBe(201);
    for (const user of ['aidant', 'mediateur', 'usager']) expect((await h.call('POST', '/api/v1/formations/pix', { user, body })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/formations/pix', { user: 'referent-dax', body: { ...body, structureId: MDM } })).json.code).toBe('AUTH.STRUCTURE_SCOPE');
    expect((await h.call('GET', '/api/v1/formations/pix', { user: 'aidant' })).json.items).toEqual([expect.objectContaining({ score: 256, date: '2026-11-02', preuve: { codeVerification: 'P-4F7K2M9Q', commentaire: null }, seuilAtteint: true })]);
    // pin.training.pix.recorded.v1 reaches mandates (durable mandates-training-pix): « test PIX réussi » is known there, ids only.
    const sub = subOf(await h.token('aidant'));
    await eventually(() => h.query('mandates', `SELECT aidant_sub, meets_threshold, passed_on::text AS passed_on FROM training_pix`), (rows) => rows.length === 1, 20_000);
    expect(await h.query('mandates', `SELECT aidant_sub, meets_threshold, passed_on::text AS passed_on FROM training_pix`)).toEqual([{ aidant_sub: sub, meets_threshold: true, passed_on: '2026-11-02' }]);
  });

  it('the diagnostic de premier niveau suggests an orientation; the count by territory leaves anonymously', async () => {
    const q = await h.call('GET', '/api/v1/formations/diagnostic/questions');
    expect(Object.keys(q.json.questions)).toEqual(['equipement', 'email', 'aisance', 'urgence', 'aideSouhaitee']);
    const body = { codeInsee: '40088', consentement: false, reponses: { equipement: 'aucun', email: 'aucune', aisance: 'aucune', urgence: 'droits', aideSouhaitee: 'faire-avec-moi' } };
    const r = await h.call('POST', '/api/v1/formations/diagnostics', { user: 'aidant', body });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ orientation: 'aidant-habilite', conserve: false, id: null });
    for (const user of ['usager', 'animateur']) expect((await h.call('POST', '/api/v1/formations/diagnostics', { user, body })).status).toBe(403);
    expect(await h.query('training', `SELECT count(*)::int AS n FROM diagnostic`)).toEqual([{ n: 0 }]);
    expect(await h.query('training', `SELECT departement, orientation, total FROM diagnostic_count`)).toEqual([{ departement: '40', orientation: 'aidant-habilite', total: 1 }]);
  });

  it('a cancelled session takes no registration and no attendance', async () => {
    const created = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { moduleId: 'savoir-etre', visio: 'https://visio.example.org/pin', capacite: 10, formateur: { username: 'mediateur' }, demiJournees: [{ date: '2099-06-01', periode: 'matin' }] },
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    const r = await h.call('POST', `/api/v1/formations/sessions/${id}/inscriptions`, { user: 'aidant', body: {} });
    expect((await h.call('POST', `/api/v1/formations/sessions/${id}/annulation`, { user: 'mediateur', body: { motif: 'x' } })).status).toBe(403);
    expect((await h.call('POST', `/api/v1/formations/sessions/${id}/annulation`, { user: 'animateur', body: { motif: 'Formateur absent' } })).json).toMatchObject({ statut: 'annulee' });
    const late = await h.call('POST', `/api/v1/formations/sessions/${id}/inscriptions`, { user: 'referent', body: {} });
    expect([late.status, late.json.code]).toEqual([409, 'SESSION.CANCELLED']);
    const att = await h.call('POST', `/api/v1/formations/sessions/${id}/presences`, { user: 'mediateur', body: { demiJournee: 1, presences: [{ inscriptionId: r.json.id, present: true }] } });
    expect([att.status, att.json.code]).toEqual([409, 'SESSION.CANCELLED']);
  });

  it('the network raises a session’s capacity: the waiting list takes the new seats; lowering below the people registered is refused', async () => {
    const created = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { moduleId: 'cadre-juridique', visio: 'https://visio.example.org/pin', capacite: 1, formateur: { username: 'mediateur' }, demiJournees: [{ date: '2099-06-02', periode: 'matin' }] },
    });
    const id = created.json.id;
    await h.call('POST', `/api/v1/formations/sessions/${id}/inscriptions`, { user: 'aidant', body: {} });
    const waiting = await h.call('POST', `/api/v1/formations/sessions/${id}/inscriptions`, { user: 'referent-dax', body: {} });
    expect(waiting.json).toMatchObject({ statut: 'attente', rangAttente: 1 });
    const url = `/api/v1/formations/sessions/${id}/capacite`;
    for (const user of ['aidant', 'mediateur', 'referent']) expect((await h.call('POST', url, { user, body: { capacite: 2 } })).status).toBe(403);
    expect((await h.call('POST', url, { user: 'animateur', body: { capacite: 'deux' } })).json.code).toBe('REQUEST.INVALID');
    const raised = await h.call('POST', url, { user: 'animateur', body: { capacite: 2 } });
    expect(raised.status).toBe(200);
    expect(raised.json).toMatchObject({ capacite: 2, inscrits: 2, enAttente: 0, promues: [waiting.json.id] });
    const lowered = await h.call('POST', url, { user: 'animateur', body: { capacite: 1 } });
    expect([lowered.status, lowered.json.code]).toEqual([409, 'SESSION.CAPACITY_BELOW_REGISTERED']);
  });

  it('the network withdraws the aidant’s certification (granted by mistake): mandates flags the granted habilitation without withdrawing it', async () => {
    const url = `/api/v1/formations/attestations/${certified.attestationId}/retrait`;
    for (const user of ['aidant', 'mediateur', 'referent']) expect((await h.call('POST', url, { user, body: { motif: 'Erreur' } })).status).toBe(403);
    expect((await h.call('POST', url, { user: 'animateur', body: {} })).json.code).toBe('REQUEST.INVALID');
    const withdrawn = await h.call('POST', url, { user: 'animateur', body: { motif: 'Présence saisie par erreur' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.retireeLe).toEqual(expect.any(String));
    expect((await h.call('POST', url, { user: 'animateur', body: { motif: 'Encore' } })).json.code).toBe('ATTESTATION.ALREADY_WITHDRAWN');
    // pin.training.certification.withdrawn.v1 (durable mandates-training): flagged for the référent, still granted.
    const seen = await eventually(
      () => h.call('GET', `/api/v1/habilitations?structureId=${MDM}`, { user: 'referent' }),
      (r) => r.json?.items?.some((x: any) => x.id === certified.habilitationId && x.certificationRetireeLe),
      20_000,
    );
    expect(seen.json.items.find((x: any) => x.id === certified.habilitationId)).toMatchObject({ statut: 'accordee', formationSuivie: true, certificationRetireeLe: expect.any(String) });
    expect(await h.query('mandates', `SELECT data->>'statut' AS statut, data->>'formationRetiree' AS retiree FROM journal_entry WHERE action = 'habilitation.certification_retiree'`)).toEqual([{ statut: 'accordee', retiree: 'false' }]);
  });
});
