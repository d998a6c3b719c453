import { DEMO_STRUCTURES } from '@pin/contracts';
import { expectAccessible, expectFocus, expectNoSideScroll, PHONE, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the référent renews a
// label near its end on a phone (refused while a dossier is already open for the lieu, then a new
// dossier prefilled with the previous answers); the network withdraws a label with a reason,
// confirmed in a dialog (refused when someone withdrew it meanwhile); the network cancels a pass not
// redeemed from the carnets page (a forged code refused, then cancelled, then refused a second
// time). Errors first, axe-core on every state, the API's state checked after each action.
jest.setTimeout(240_000);

const MDM = DEMO_STRUCTURES.montDeMarsan;
const ANSWERS = [
  { critereId: 'charte-adoptee', reponse: 'Les aidants ont signé la charte en mars.' },
  { critereId: 'accueil-public', reponse: 'Lundi et mercredi, sans rendez-vous.' },
];

describe('labels and passes in Chromium: renewal, withdrawal, cancellation', () => {
  const h = new PlatformHarness();
  const { login } = useBrowserPlatform(h, { session: { serverErrors: true }, withLabelling: true });
  const stamp = Date.now();
  const lieux = { ouvert: `Tiers-lieu Renouvellement ${stamp}`, echeance: `Médiathèque Échéance ${stamp}` };
  const labels: Record<keyof typeof lieux, { lieuId: string; labelId: string; dossierId: string }> = {} as never;

  /** A lieu of the Mont-de-Marsan structure granted the territorial label through the API (apply, answer, submit, review). */
  async function grantedLabel(nom: string) {
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: { structure_id: MDM, nom, adresse: '1 rue des Arènes', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', latitude: 43.89, longitude: -0.5, services: ['aide-demarches-administratives'], frais_a_charge: ['gratuit'] },
    });
    expect(lieu.status).toBe(201);
    const lieuId: string = lieu.json.id;
    const body = { programmeId: 'pin-territorial', niveau: 'accueil', lieuId };
    // The lieu reaches labelling through the directory's events.
    const created = await eventually(() => h.call('POST', '/api/v1/labellisation/dossiers', { user: 'referent', body }), (r) => r.status !== 400, 30_000);
    expect(created.status).toBe(201);
    const dossierId: string = created.json.id;
    expect((await h.call('PUT', `/api/v1/labellisation/dossiers/${dossierId}/reponses`, { user: 'referent', body: { reponses: ANSWERS } })).status).toBe(200);
    expect((await h.call('POST', `/api/v1/labellisation/dossiers/${dossierId}/depot`, { user: 'referent' })).status).toBe(200);
    expect((await h.call('POST', `/api/v1/labellisation/dossiers/${dossierId}/instruction`, { user: 'animateur' })).status).toBe(200);
    const granted = await h.call('POST', `/api/v1/labellisation/dossiers/${dossierId}/avis`, { user: 'animateur', body: { decision: 'accorder', commentaires: ANSWERS.map((a) => ({ critereId: a.critereId, conforme: true })) } });
    expect(granted.status).toBe(200);
    return { lieuId, labelId: granted.json.label.id as string, dossierId };
  }

  const activeLabelIds = async () => ((await h.call('GET', '/api/v1/labellisation/labels', { user: 'animateur' })).json.items as Array<{ id: string }>).map((l) => l.id);

  it('prepares two labelled lieux whose labels end within a month (the scan’s reminder sent)', async () => {
    labels.ouvert = await grantedLabel(lieux.ouvert);
    labels.echeance = await grantedLabel(lieux.echeance);
    // What the scheduled scan leaves behind when a label nears its end: a closer last day and the reminder's mark.
    for (const l of Object.values(labels)) await h.query('labelling', `UPDATE label SET jusqu_au = current_date + 30, rappel_le = now() WHERE id = $1`, [l.labelId]);
  });

  it('the référent renews a label on a phone: refused while a dossier is open for the lieu, else a new dossier with the previous answers', async () => {
    // A dossier already open for the first lieu (started elsewhere): its renewal is refused.
    const open = await h.call('POST', '/api/v1/labellisation/dossiers', { user: 'referent', body: { programmeId: 'pin-territorial', niveau: 'accompagnement', lieuId: labels.ouvert.lieuId } });
    expect(open.status).toBe(201);

    const page = await login('referent', '/app/labellisation', PHONE);
    const section = page.getByRole('region', { name: 'Vos labels' });
    const renewOpen = section.getByRole('button', { name: `Renouveler le label de ${lieux.ouvert} (Mont-de-Marsan)` });
    await see(page, renewOpen);
    await see(page, section.getByRole('button', { name: `Renouveler le label de ${lieux.echeance} (Mont-de-Marsan)` }));
    await see(page, section.getByRole('row').filter({ hasText: lieux.echeance }).getByText('(bientôt à renouveler)'));
    expect(await section.getByRole('button', { name: /^Retirer le label/ }).count()).toBe(0);
    await expectAccessible(page, 'labels du référent, à renouveler (390 px)');
    await expectNoSideScroll(page, 'labels du référent');

    await renewOpen.click();
    await see(page, section.getByRole('alert').filter({ hasText: 'Le renouvellement n’a pas commencé : Un dossier est déjà en cours pour ce lieu et ce label.' }));
    await expectFocus(page, '.notice--erreur');
    await expectAccessible(page, 'labels du référent, renouvellement refusé');
    const dossiersBefore = (await h.call('GET', '/api/v1/labellisation/dossiers', { user: 'referent' })).json.items as Array<{ lieuId: string }>;
    expect(dossiersBefore.filter((d) => d.lieuId === labels.ouvert.lieuId)).toHaveLength(2);

    // The second lieu: the renewal opens the new dossier, prefilled.
    await section.getByRole('button', { name: `Renouveler le label de ${lieux.echeance} (Mont-de-Marsan)` }).click();
    await page.waitForURL((url) => /^\/app\/labellisation\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(labels.echeance.dossierId));
    await see(page, page.getByRole('heading', { name: 'Vos réponses aux critères' }));
    await expect(page.getByLabel('Charte de l’aidant adoptée', { exact: true }).inputValue()).resolves.toBe(ANSWERS[0].reponse);
    await expect(page.getByLabel('Accueil du public', { exact: true }).inputValue()).resolves.toBe(ANSWERS[1].reponse);
    await expectAccessible(page, 'dossier de renouvellement (390 px)');
    await expectNoSideScroll(page, 'dossier de renouvellement');
    const renewal = await h.call('GET', `/api/v1/labellisation/dossiers/${new URL(page.url()).pathname.split('/').pop()}`, { user: 'referent' });
    expect(renewal.json).toMatchObject({ lieuId: labels.echeance.lieuId, niveau: 'accueil', statut: 'brouillon' });
    // The label holds until the renewal is granted.
    expect(await activeLabelIds()).toContain(labels.echeance.labelId);
  });

  it('the network withdraws a label with a reason, confirmed: refused when withdrawn meanwhile, then done', async () => {
    const page = await login('animateur', '/app/labellisation');
    const section = page.getByRole('region', { name: 'Labels en cours' });
    const withdrawOpen = section.getByRole('button', { name: `Retirer le label de ${lieux.ouvert} (Mont-de-Marsan)` });
    await see(page, withdrawOpen);
    await expectAccessible(page, 'labels en cours, réseau');

    await withdrawOpen.click();
    const form = page.getByRole('region', { name: 'Retirer le label' });
    await see(page, form.getByText(`Label territorial, niveau Accueil de ${lieux.ouvert} (Mont-de-Marsan).`));
    await expectFocus(page, '#retrait-motif');
    await form.getByRole('button', { name: 'Retirer le label' }).click();
    const summary = form.getByRole('alert').filter({ hasText: 'Le label n’a pas été retiré' });
    await see(page, summary);
    await expectFocus(page, '.resume-erreurs');
    await summary.getByRole('link', { name: 'Motif du retrait : ce champ est obligatoire.' }).waitFor();
    await expectAccessible(page, 'retrait, motif manquant');

    // Withdrawn meanwhile by another animateur: the page's attempt is refused with the service's reason.
    expect((await h.call('POST', `/api/v1/labellisation/labels/${labels.ouvert.labelId}/retrait`, { user: 'animateur', body: { motif: 'Lieu fermé.' } })).status).toBe(200);
    await form.getByLabel('Motif du retrait').fill('Contrôle du 3 décembre : accueil fermé depuis trois mois.');
    await form.getByRole('button', { name: 'Retirer le label' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer le label' });
    await see(page, dialog.getByText(/Cette action est définitive/));
    await expectAccessible(page, 'retrait, confirmation');
    await dialog.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await see(page, form.getByRole('alert').filter({ hasText: 'Ce label n’est plus en cours de validité.' }));
    await expectFocus(page, '.resume-erreurs');
    await expectAccessible(page, 'retrait, déjà retiré');
    await form.getByRole('button', { name: 'Garder le label' }).click();
    await form.waitFor({ state: 'detached' });

    // The other label: withdrawn for good.
    await section.getByRole('button', { name: `Retirer le label de ${lieux.echeance} (Mont-de-Marsan)` }).click();
    await form.getByLabel('Motif du retrait').fill('Contrôle du 3 décembre : plus d’aidant formé.');
    await form.getByRole('button', { name: 'Retirer le label' }).click();
    await dialog.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await see(page, section.getByRole('status').filter({ hasText: 'Label territorial, niveau Accueil retiré : le lieu ne l’affiche plus dans l’annuaire.' }));
    await expectFocus(page, '.notice--succes');
    await section.getByRole('row').filter({ hasText: lieux.echeance }).waitFor({ state: 'detached' });
    await expectAccessible(page, 'retrait, label retiré');
    expect(await activeLabelIds()).not.toContain(labels.echeance.labelId);
    const [row] = await h.query('labelling', `SELECT statut, motif_retrait FROM label WHERE id = $1`, [labels.echeance.labelId]);
    expect(row).toEqual({ statut: 'retire', motif_retrait: 'Contrôle du 3 décembre : plus d’aidant formé.' });
  });

  it('the network cancels a pass not redeemed: a forged code refused, the pass cancelled, a second time refused', async () => {
    const premier = 80_000_000 + (stamp % 1_000_000) * 10;
    const batch = await h.call('POST', '/api/v1/pass-numerique/lots', { user: 'animateur', body: { financeur: 'Département des Landes', premierNumero: premier, nombre: 3, valeurCentimes: 1000, valideJusquAu: `${new Date().getFullYear() + 1}-12-31` } });
    expect(batch.status).toBe(201);
    const code: string = batch.json.codes[0];
    expect((await h.call('POST', '/api/v1/pass-numerique/allocations', { user: 'animateur', body: { lotId: batch.json.id, prescripteurId: MDM, nombre: 3 } })).status).toBe(201);
    expect((await h.call('POST', '/api/v1/pass-numerique/distributions', { user: 'referent', body: { code, beneficiaire: 'ML-77' } })).status).toBe(200);

    const page = await login('animateur', '/app/pass-numerique/lots');
    const form = page.getByRole('region', { name: 'Annuler un pass' });
    await see(page, form.getByRole('button', { name: 'Annuler le pass' }));
    await expectAccessible(page, 'carnets, annulation');
    await form.getByRole('button', { name: 'Annuler le pass' }).click();
    const summary = form.getByRole('alert').filter({ hasText: 'Le pass n’a pas été annulé' });
    await see(page, summary);
    await expectFocus(page, '.resume-erreurs');
    await summary.getByRole('link', { name: 'Code du pass : saisissez le code imprimé sous le QR code.' }).waitFor();
    await summary.getByRole('link', { name: 'Motif de l’annulation : ce champ est obligatoire.' }).waitFor();
    await expectAccessible(page, 'annulation, champs manquants');

    // A code whose control part does not match: refused by the service, nothing cancelled.
    const forgedCode = `PN-${premier + 1}-0000000000`;
    await form.getByLabel('Code du pass').fill(forgedCode);
    await form.getByLabel('Motif de l’annulation').fill('Carnet perdu par le prescripteur.');
    await form.getByRole('button', { name: 'Annuler le pass' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler le pass' });
    await see(page, dialog.getByText(`Le pass ${forgedCode} ne pourra plus être remis ni encaissé. Cette action est définitive.`));
    await expectAccessible(page, 'annulation, confirmation');
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await see(page, form.getByRole('alert').filter({ hasText: 'Ce code de pass n’est pas valide' }));
    await expectFocus(page, '.resume-erreurs');
    await expectAccessible(page, 'annulation, code refusé');

    // The pass handed out, lowercase as typed from the carnet: cancelled.
    await form.getByLabel('Code du pass').fill(code.toLowerCase());
    await form.getByRole('button', { name: 'Annuler le pass' }).click();
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await see(page, form.getByRole('status').filter({ hasText: `Pass n° ${premier} annulé : il ne pourra plus être encaissé.` }));
    await expectFocus(page, '.notice--succes');
    await expect(form.getByLabel('Code du pass').inputValue()).resolves.toBe('');
    await expectAccessible(page, 'annulation, pass annulé');
    const state = await h.call('GET', `/api/v1/pass-numerique/pass?code=${code}`, { user: 'animateur' });
    expect(state.json).toMatchObject({ numero: premier, statut: 'annule' });
    expect(state.json.historique.at(-1)).toMatchObject({ de: 'distribue', vers: 'annule' });

    // A second time: the service refuses it.
    await form.getByLabel('Code du pass').fill(code);
    await form.getByLabel('Motif de l’annulation').fill('Doublon.');
    await form.getByRole('button', { name: 'Annuler le pass' }).click();
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await see(page, form.getByRole('alert').filter({ hasText: 'Opération impossible' }));
    await expectAccessible(page, 'annulation, pass déjà annulé');
  });
});
