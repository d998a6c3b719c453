import { DEMO_STRUCTURES, OPERATOR_CLIENTS } from '@pin/contracts';
import { DEV_IDP_OPERATOR_CLIENT_SECRETS, fetchOperatorToken } from '@pin/testing';
import { expectAccessible, see, PHONE, expectNoSideScroll } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first). An aidant of
// Mont-de-Marsan orients a person from a Dax lieu's page (consent ticked, the tracking code shown
// once); the Dax médiatrice accepts and fixes an appointment; the person, signed out, enters the
// code on « Mon orientation », sees the appointment and cancels; the staff console shows the CAF's
// announcements and orientations. Then the same pages on a 390 px phone. axe-core checks every page.
jest.setTimeout(180_000);

describe('orientations in Chromium: aidant, lieu, the person, the staff console', () => {
  const h = new PlatformHarness();
  let caf = '';
  let daxLieuId = '';
  let code = '';
  const { web, login } = useBrowserPlatform(h, {
    start: async (start) => {
      await start();
      caf = (await fetchOperatorToken(h.platform.issuer, DEV_IDP_OPERATOR_CLIENT_SECRETS[OPERATOR_CLIENTS.caf], OPERATOR_CLIENTS.caf)).access_token;
    },
  });
  const asCaf = () => ({ token: caf });

  it('an aidant orients a person from a lieu of another structure, with the person’s consent, and gets the code', async () => {
    const dax = await h.call('POST', '/api/v1/lieux', {
      user: 'animateur',
      body: { structure_id: DEMO_STRUCTURES.dax, nom: 'Point numérique de Dax', adresse: '1 place de la Course', commune: 'Dax', code_postal: '40100', code_insee: '40088', latitude: 43.7102, longitude: -1.0536, services: ['aide-demarches-administratives'] },
    });
    expect(dax.status).toBe(201);
    daxLieuId = dax.json.id;
    // The operators service learns the lieu from the directory's event (the CAF's orientation proves it).
    await eventually(() => h.call('POST', '/api/v1/operateur/orientations', { ...asCaf(), body: { lieuId: daxLieuId, demarche: 'famille', reference: 'CAF-40-0099' } }), (r) => r.status === 201, 20_000);

    const aidant = await login('aidant', '/app');
    await aidant.goto(h.url(`/lieux/${daxLieuId}`));
    await see(aidant, aidant.getByRole('link', { name: 'Orienter une personne vers ce lieu' }));
    await aidant.getByRole('link', { name: 'Orienter une personne vers ce lieu' }).click();
    await aidant.getByRole('heading', { level: 1, name: 'Orientations reçues et envoyées' }).waitFor();
    expect(await aidant.getByLabel('Identifiant du lieu').inputValue()).toBe(daxLieuId);
    await aidant.getByLabel('Démarche', { exact: true }).selectOption('logement');
    await aidant.getByLabel('Besoin à transmettre au lieu').fill('Dossier APL à compléter');
    // Without the consent, nothing is sent.
    await aidant.getByRole('button', { name: 'Orienter la personne' }).click();
    await see(aidant, aidant.getByText('La personne doit accepter que ces informations soient transmises au lieu.'));
    await aidant.getByLabel('La personne accepte que la démarche et ce besoin soient transmis au lieu').check();
    await expectAccessible(aidant, 'orienter une personne');
    await aidant.getByRole('button', { name: 'Orienter la personne' }).click();
    const shown = aidant.locator('.code-suivi');
    await see(aidant, shown);
    code = (await shown.textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // Followed among those sent by the aidant's structure.
    await see(aidant, aidant.getByRole('table', { name: /^Orientations envoyées par votre structure/ }).getByRole('row', { name: /Dossier APL à compléter/ }));
    await expectAccessible(aidant, 'orientation envoyée, code de suivi');
  });

  it('the Dax médiatrice accepts then fixes an appointment; the person sees it with the code and cancels', async () => {
    const mediatrice = await login('mediateur', '/app/orientations');
    const row = mediatrice.getByRole('row', { name: /Dossier APL à compléter/ });
    await see(mediatrice, row.getByText('À traiter'));
    await row.getByRole('button', { name: /^Mettre à jour/ }).click();
    let dialog = mediatrice.getByRole('dialog', { name: 'Suite de l’orientation' });
    await dialog.getByLabel('Le lieu accepte d’accompagner la personne').check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await see(mediatrice, mediatrice.getByText(/: acceptée\. La structure qui a orienté la personne le voit\./));
    await see(mediatrice, row.getByText('Acceptée'));
    await row.getByRole('button', { name: /^Mettre à jour/ }).click();
    dialog = mediatrice.getByRole('dialog', { name: 'Suite de l’orientation' });
    // From « acceptée », the lieu may no longer just accept. Counted once the dialog is open (it
    // opens in an effect, after the click's render) with the choices of this orientation.
    await dialog.getByLabel('Un rendez-vous est fixé').waitFor();
    expect(await dialog.getByLabel('Le lieu accepte d’accompagner la personne').count()).toBe(0);
    await dialog.getByLabel('Un rendez-vous est fixé').check();
    await dialog.getByLabel('Date et heure du rendez-vous').fill('2026-12-15T14:30');
    await expectAccessible(mediatrice, 'orientation, rendez-vous');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await see(mediatrice, row.getByText('Rendez-vous fixé'));

    // The person, not signed in: the code in the form (never in the address).
    const person = await web.newPage();
    await person.goto(h.url('/mon-orientation'));
    await person.getByRole('heading', { level: 1, name: 'Mon orientation' }).waitFor();
    await expectAccessible(person, 'mon orientation, code');
    await person.getByLabel('Code de suivi').fill('ZZZZ-ZZZZ');
    await person.getByRole('button', { name: 'Voir mon orientation' }).click();
    await see(person, person.getByText(/Ce code ne correspond à aucune orientation en cours/));
    await person.getByLabel('Code de suivi').fill(code.toLowerCase());
    await person.getByRole('button', { name: 'Voir mon orientation' }).click();
    await see(person, person.getByText('Rendez-vous fixé'));
    await person.getByText('Logement', { exact: false }).first().waitFor();
    expect(person.url()).not.toContain(code);
    expect(await person.getByText('Dossier APL').count()).toBe(0); // what was shared with the lieu stays with the lieu
    await expectAccessible(person, 'mon orientation, rendez-vous');
    await person.getByRole('button', { name: 'Annuler mon orientation' }).click();
    await person.getByRole('button', { name: 'Oui, annuler mon orientation' }).click();
    await see(person, person.getByText(/Votre orientation est annulée/));
    await person.getByText('Annulée par la personne').waitFor();
    expect(await person.getByRole('button', { name: 'Annuler mon orientation' }).count()).toBe(0);
    await expectAccessible(person, 'mon orientation, annulée');

    await mediatrice.reload();
    await see(mediatrice, mediatrice.getByRole('row', { name: /Dossier APL à compléter/ }).getByText('Annulée par la personne'));
  });

  it('the staff console shows the CAF’s announcements and orientations, read-only', async () => {
    const pub = await h.call('POST', '/api/v1/operateur/annonces', { ...asCaf(), body: { titre: 'Attestation de paiement en ligne', texte: 'Disponible sur caf.fr.', demarches: ['famille'] } });
    expect(pub.status).toBe(201);
    const staff = await login('animateur', '/app/operateurs/pin-caf');
    const annonces = staff.getByRole('table', { name: 'Annonces de l’opérateur, les plus récentes d’abord' });
    await see(staff, annonces.getByRole('row', { name: /Attestation de paiement en ligne/ }));
    const orientations = staff.getByRole('table', { name: 'Orientations de l’opérateur, les plus récentes d’abord' });
    await see(staff, orientations.getByRole('row', { name: /CAF-40-0099/ }).getByText('À traiter'));
    expect(await orientations.getByRole('button').count()).toBe(0);
    await expectAccessible(staff, 'console, annonces et orientations de l’opérateur');
  });


  it('walks the pages on a 390 px phone', async () => {
    const person = await web.newPage(PHONE);
    await person.goto(h.url('/mon-orientation'));
    await person.getByLabel('Code de suivi').fill(code);
    await person.getByRole('button', { name: 'Voir mon orientation' }).click();
    await see(person, person.getByText('Annulée par la personne'));
    await expectNoSideScroll(person, 'mon orientation');
    await expectAccessible(person, 'mon orientation, téléphone');

    const aidant = await login('aidant', '/app/orientations', PHONE);
    await see(aidant, aidant.getByRole('button', { name: 'Orienter la personne' }));
    await expectNoSideScroll(aidant, 'orientations, aidant');
    await expectAccessible(aidant, 'orientations, téléphone');

    const staff = await login('admin', '/app/operateurs/pin-caf', PHONE);
    await see(staff, staff.getByRole('table', { name: 'Orientations de l’opérateur, les plus récentes d’abord' }).getByRole('row', { name: /CAF-40-0099/ }));
    await expectNoSideScroll(staff, 'console opérateur, orientations');
    await expectAccessible(staff, 'console opérateur, orientations, téléphone');
  });
});
