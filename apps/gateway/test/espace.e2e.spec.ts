import { randomUUID } from 'node:crypto';
import type { EspaceResponse } from '@pin/contracts';
import { DAX, DURAND, MandatesHarness, MDM } from './mandates.harness';

// GET /api/v1/espace: the working-space summary of the web app's home page, per role, through the
// gateway on the real platform.
jest.setTimeout(180_000);

describe('mandates service: working space (GET /api/v1/espace)', () => {
  const h = new MandatesHarness();
  const espace = async (user: string): Promise<EspaceResponse> => {
    const r = await h.call('GET', '/api/v1/espace', { user });
    if (r.status !== 200) throw new Error(`espace of ${user}: HTTP ${r.status} ${r.text}`);
    return r.json;
  };

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('refuses anonymous callers', async () => {
    expect((await h.call('GET', '/api/v1/espace')).status).toBe(401);
  });

  it('an aidant who just signed in: known as a member, told what is missing to be habilitated; the référent and the animateur see the request to handle', async () => {
    const first = await espace('aidant');
    // The structure's name comes from the directory's events (null until projected).
    const nom = first.structures[0]?.nom;
    expect(nom === null || typeof nom === 'string').toBe(true);
    expect(first).toEqual({
      utilisateur: { id: h.aidantSub, username: 'aidant', nom: 'Alex Aidant', roles: ['aidant'] },
      structures: [{
        structureId: MDM,
        nom,
        habilitation: { statut: 'aucune', id: null, motif: null, depuis: null, manque: ['Demande d’habilitation à faire par votre référent de structure.'] },
        usagersSuivis: 0,
        mandatsBientotEchus: [],
        activiteRecente: [],
        demandesEnAttente: null,
      }],
      reseau: null,
      usager: null,
    });
    // Merely opening the app made them a member the référent can pick.
    const members = (await h.call('GET', `/api/v1/structures/${MDM}/membres`, { user: 'referent' })).json.items;
    expect(members.map((m: any) => m.id)).toContain(h.aidantSub);

    const asked = await h.requestHabilitation('referent', MDM, 'aidant');
    expect(asked.status).toBe(201);
    expect((await espace('aidant')).structures[0].habilitation).toMatchObject({ statut: 'demandee', id: asked.json.id, manque: ['En attente de validation par l’animateur du réseau.'] });
    const referent = await espace('referent');
    expect(referent.structures).toEqual([expect.objectContaining({ structureId: MDM, demandesEnAttente: 1 })]);
    expect(referent.reseau).toBeNull();
    expect((await espace('referent-dax')).structures).toEqual([expect.objectContaining({ structureId: DAX, demandesEnAttente: 0 })]);
    const animateur = await espace('animateur');
    expect(animateur).toMatchObject({ structures: [], usager: null, reseau: { habilitationsADecider: 1, lien: '/app/habilitations?statut=demandee' } });
    expect((await espace('admin')).reseau?.habilitationsADecider).toBe(1);

    expect((await h.call('POST', `/api/v1/habilitations/${asked.json.id}/accorder`, { user: 'animateur', body: {} })).status).toBe(200);
    expect((await espace('aidant')).structures[0].habilitation).toMatchObject({ statut: 'accordee', manque: [] });
    expect((await espace('animateur')).reseau?.habilitationsADecider).toBe(0);
  });

  let soon: any;

  it('an habilitated aidant: usagers followed, mandates ending within 30 days, the usagers they worked with lately', async () => {
    const durand = await h.createUsager();
    const bordes = await h.createUsager({ nom: 'Bordes', prenoms: 'Paul', dateNaissance: '1962-11-05', lieuNaissance: 'Dax', identiteVerifiee: true });
    soon = await h.createMandate(durand, ['social', 'logement'], 365);
    await h.createMandate(bordes, ['transports'], 365);
    await h.query('mandates', `UPDATE mandat SET fin = now() + interval '10 days' WHERE id = $1`, [soon.id]);
    await h.query('mandates', `UPDATE autorisation SET fin = now() + interval '10 days' WHERE mandat_id = $1`, [soon.id]);
    // One démarche withdrawn: it is no longer listed.
    expect((await h.call('POST', `/api/v1/mandats/${soon.id}/revocation`, { user: 'aidant', body: { demarches: ['logement'] } })).status).toBe(200);

    const [mdm] = (await espace('aidant')).structures;
    expect(mdm.usagersSuivis).toBe(2);
    expect(mdm.mandatsBientotEchus).toEqual([{ id: soon.id, usagerId: durand, usagerNom: `${DURAND.prenoms} ${DURAND.nom}`, fin: expect.any(String), demarches: ['social'] }]);
    expect(new Date(mdm.mandatsBientotEchus[0].fin).getTime()).toBeLessThan(Date.now() + 11 * 86_400_000);
    // Newest first, one line per usager: a démarche of Durand's mandate was withdrawn last.
    expect(mdm.activiteRecente.map((a) => [a.usagerId, a.usagerNom])).toEqual([[durand, 'Marie Louise Durand'], [bordes, 'Paul Bordes']]);
    expect(mdm.activiteRecente.every((a) => typeof a.action === 'string' && !Number.isNaN(Date.parse(a.le)))).toBe(true);

    // Another structure sees none of it; the référent of the structure sees the structure's figures, not the aidant's activity.
    expect((await espace('mediateur')).structures).toEqual([expect.objectContaining({ structureId: DAX, usagersSuivis: 0, mandatsBientotEchus: [], activiteRecente: [] })]);
    const [referent] = (await espace('referent')).structures;
    expect(referent).toMatchObject({ usagersSuivis: 2, activiteRecente: [] });
    expect(referent.mandatsBientotEchus.map((m) => m.id)).toEqual([soon.id]);
  });

  it('a usager: linked dossiers, mandates in force and ending soon, journal entries', async () => {
    const before = await espace('usager');
    expect(before).toMatchObject({ structures: [], reseau: null, usager: { dossiers: 0, mandatsActifs: 0, mandatsBientotEchus: [], entreesJournal: 0, derniereEntreeJournal: null } });
    const code = await h.call('POST', `/api/v1/usagers/${soon.usagerId}/code-reclamation`, { user: 'aidant', body: {} });
    expect((await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: code.json.codeReclamation } })).status).toBeLessThan(300);
    // A second mandate for Durand, in force for a year.
    const r = await h.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId: soon.usagerId, demarches: ['papiers'], dureeJours: 365, consentement: true } });
    expect(r.status).toBe(201);

    const { usager, utilisateur } = await espace('usager');
    expect(utilisateur).toMatchObject({ username: 'usager', roles: ['usager'] });
    expect(usager).toEqual({
      dossiers: 1,
      mandatsActifs: 2,
      mandatsBientotEchus: [{ id: soon.id, usagerId: soon.usagerId, structure: expect.objectContaining({ id: MDM }), fin: expect.any(String), demarches: ['social'] }],
      entreesJournal: expect.any(Number),
      derniereEntreeJournal: expect.any(String),
    });
    expect(usager!.entreesJournal).toBeGreaterThan(3);
    // The usager's summary carries no name of the aidants or of the usager.
    expect(JSON.stringify(usager)).not.toMatch(/Durand|Alex|Aidant/);
  });
});
