import { expectAccessible, expectFocus, expectNoSideScroll, PHONE, screenshotPath, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { MandatesHarness } from './mandates.harness';
import { pdf, startWithClaimedUsager, upload } from './safe.fixtures';

// The closure of « Mon coffre-fort » in real Chromium at phone width, against the built platform
// with the safe: the usager holding one document is first invited to download everything; the
// unticked confirmation is an error; the dialog can be left without closing anything; confirmed,
// the page tells the date from which the keys are destroyed, deposits are suspended (the API
// refuses them too); « Annuler la fermeture » gives the safe back as before. axe-core checks every
// state, nothing scrolls sideways.
jest.setTimeout(240_000);

interface Space {
  octets: number;
  delaiFermetureJours: number;
  fermeture: { demandeeLe: string; destructionLe: string; effectueeLe: string | null } | null;
}

describe('safe in Chromium: « Fermer mon coffre-fort »', () => {
  const h = new MandatesHarness();
  const { login } = useBrowserPlatform(h, {
    start: async (start) => {
      await startWithClaimedUsager(h, start, { demarches: ['papiers'] });
      const r = await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'identite', nom: 'passeport.pdf' }, await pdf('passeport'));
      expect(r.status).toBe(201);
    },
  });
  const space = async () => (await h.call('GET', '/api/v1/moi/coffre/espace', { user: 'usager' })).json as Space;
  const parisDate = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

  it('requests the closure (download first, ticked, confirmed), sees the date and the suspended deposits, cancels it: the safe as before', async () => {
    const before = await space();
    expect(before).toMatchObject({ fermeture: null, delaiFermetureJours: 30 });
    expect(before.octets).toBeGreaterThan(0);

    const page = await login('usager', '/app/coffre', PHONE);
    await see(page, page.getByRole('heading', { level: 1, name: 'Mon coffre-fort' }));
    const documents = page.getByRole('region', { name: 'Mes documents', exact: true });
    await see(page, documents.getByText('passeport.pdf'));
    await see(page, documents.getByText(`Espace utilisé : ${Math.ceil(before.octets / 1024)} Ko sur 600 Mo.`, { exact: true }));
    const section = page.getByRole('region', { name: 'Fermer mon coffre-fort' });
    await see(page, section.getByText('Avant de fermer votre coffre-fort, téléchargez tous vos documents'));
    await see(page, section.getByText(/Pendant 30 jours après votre demande, vous pouvez annuler la fermeture/));
    await see(page, section.getByText(/les clés de chiffrement de vos documents sont détruites/));
    expect(await section.getByRole('link', { name: '« Tout télécharger »' }).getAttribute('href')).toBe('#titre-export');
    await expectAccessible(page, 'mon coffre-fort, fermeture proposée');
    await expectNoSideScroll(page, 'mon coffre-fort, fermeture proposée');

    // Error first: the confirmation is not ticked.
    await section.getByRole('button', { name: 'Fermer mon coffre-fort' }).click();
    const summary = section.getByRole('alert').filter({ hasText: 'Le formulaire contient une erreur' });
    await see(page, summary);
    await expectFocus(page, '#erreurs-fermeture');
    await expectAccessible(page, 'mon coffre-fort, fermeture non confirmée');
    await summary.getByRole('link', { name: /Cochez la case pour confirmer/ }).click();
    await expectFocus(page, '#fermeture-compris-0');
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Ticked: the dialog; « Garder mon coffre-fort » leaves it open.
    await section.getByLabel(/J’ai compris que mes documents seront détruits sans retour possible 30 jours après ma demande/).check();
    await section.getByRole('button', { name: 'Fermer mon coffre-fort' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fermer votre coffre-fort ?' });
    await see(page, dialog);
    await see(page, dialog.getByText(/Dans 30 jours, les clés de chiffrement de vos documents seront détruites/));
    await expectAccessible(page, 'mon coffre-fort, dialogue de fermeture');
    await dialog.getByRole('button', { name: 'Garder mon coffre-fort' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await space()).fermeture).toBeNull();

    // Confirmed: the closure is recorded, the page tells from when everything is destroyed.
    await section.getByRole('button', { name: 'Fermer mon coffre-fort' }).click();
    await dialog.getByRole('button', { name: 'Confirmer la fermeture' }).click();
    const pending = page.getByRole('region', { name: 'Fermeture de mon coffre-fort' });
    await see(page, pending.getByText(/^Fermeture demandée\. Vos documents seront détruits à partir du /));
    await expectFocus(page, '.notice--succes', { text: 'Fermeture demandée.' });
    const closure = (await space()).fermeture!;
    expect(closure.effectueeLe).toBeNull();
    const days = (new Date(closure.destructionLe).getTime() - new Date(closure.demandeeLe).getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    await see(page, pending.getByText(`À partir du ${parisDate(closure.destructionLe)}`, { exact: false }).filter({ hasText: 'plus rien ne pourra être récupéré' }));
    await see(page, pending.getByRole('button', { name: 'Annuler la fermeture' }));
    expect(await page.getByRole('button', { name: 'Fermer mon coffre-fort' }).count()).toBe(0);
    // Deposits are suspended, on the page and by the API; the documents stay readable.
    const deposit = page.getByRole('region', { name: 'Déposer un document' });
    await see(page, deposit.getByText(/Dépôts suspendus : vous avez demandé la fermeture de votre coffre-fort\. Ni vous ni votre aidant/));
    expect(await deposit.getByRole('button', { name: 'Déposer' }).count()).toBe(0);
    const refused = await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'identite', nom: 'refuse.pdf' }, await pdf('refusé'));
    expect([refused.status, (refused.json as { code: string }).code]).toEqual([409, 'COFFRE.CLOSED']);
    await see(page, documents.getByRole('button', { name: 'Télécharger passeport.pdf' }));
    await see(page, page.getByRole('region', { name: 'Qui a vu mes documents' }).getByText('Vous avez demandé la fermeture du coffre-fort.'));
    await expectAccessible(page, 'mon coffre-fort, fermeture demandée');
    await expectNoSideScroll(page, 'mon coffre-fort, fermeture demandée');
    await page.screenshot({ path: screenshotPath('coffre-fermeture-demandee.png'), fullPage: true });

    // Read again later: the same state.
    await page.reload();
    await see(page, pending.getByText(`À partir du ${parisDate(closure.destructionLe)}`, { exact: false }).filter({ hasText: 'plus rien ne pourra être récupéré' }));
    await see(page, deposit.getByText(/Dépôts suspendus/));

    // Cancelled: the safe as before.
    await pending.getByRole('button', { name: 'Annuler la fermeture' }).click();
    await see(page, page.getByText('Fermeture annulée : votre coffre-fort reste ouvert et vous pouvez de nouveau y déposer des documents.'));
    await expectFocus(page, '.notice--succes', { text: 'Fermeture annulée' });
    expect((await space()).fermeture).toBeNull();
    await see(page, page.getByRole('region', { name: 'Fermer mon coffre-fort' }).getByRole('button', { name: 'Fermer mon coffre-fort' }));
    await see(page, deposit.getByRole('button', { name: 'Déposer' }));
    expect(await deposit.getByText(/Dépôts suspendus/).count()).toBe(0);
    await see(page, documents.getByText('passeport.pdf'));
    await see(page, page.getByRole('region', { name: 'Qui a vu mes documents' }).getByText('Vous avez annulé la fermeture du coffre-fort.'));
    expect((await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'identite', nom: 'apres.pdf' }, await pdf('après'))).status).toBe(201);
    await expectAccessible(page, 'mon coffre-fort, fermeture annulée');
    await expectNoSideScroll(page, 'mon coffre-fort, fermeture annulée');
  });
});

// Once the recovery period is over (none here) the safe's repeatable job destroys the keys: the
// page then says the safe is closed, since when, and offers neither deposit nor closure.
describe('safe in Chromium: a closed « Mon coffre-fort »', () => {
  const h = new MandatesHarness();
  const { login } = useBrowserPlatform(h, {
    start: async (start) => {
      await startWithClaimedUsager(h, start, { demarches: ['papiers'], safeEnv: { SAFE_CLOSURE_RECOVERY_DAYS: '0', SAFE_CLOSURE_SWEEP_EVERY_MS: '1000' } });
      expect((await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'famille', nom: 'livret.pdf' }, await pdf('livret'))).status).toBe(201);
    },
  });

  it('after the key destruction: closed since a date, nothing to deposit, no document, accessible at phone width', async () => {
    expect((await h.call('POST', '/api/v1/moi/coffre/fermeture', { user: 'usager', body: { confirmer: false } })).status).toBe(400);
    expect((await h.call('POST', '/api/v1/moi/coffre/fermeture', { user: 'usager', body: { confirmer: true } })).status).toBe(201);
    let space: Space | undefined;
    for (const deadline = Date.now() + 30_000; !space?.fermeture?.effectueeLe; ) {
      if (Date.now() > deadline) throw new Error(`closure not performed: ${JSON.stringify(space)}`);
      await new Promise((r) => setTimeout(r, 250));
      space = (await h.call('GET', '/api/v1/moi/coffre/espace', { user: 'usager' })).json as Space;
    }
    expect(space.octets).toBe(0);
    // A deposit now: refused, and said as closed (no longer « en cours de fermeture »).
    const refused = await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'logement', nom: 'quittance.pdf' }, await pdf('après fermeture'));
    expect([refused.status, refused.json]).toEqual([409, expect.objectContaining({ code: 'COFFRE.CLOSED', message: 'Ce coffre-fort a été fermé : aucun dépôt n’est possible.' })]);

    const page = await login('usager', '/app/coffre', PHONE);
    const section = page.getByRole('region', { name: 'Fermeture de mon coffre-fort' });
    const destroyed = new Date(space.fermeture.effectueeLe).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
    await see(page, section.getByText(`Votre coffre-fort a été fermé le ${destroyed}`, { exact: false }));
    expect(await section.getByRole('button').count()).toBe(0);
    await see(page, page.getByRole('region', { name: 'Déposer un document' }).getByText('Votre coffre-fort est fermé : plus aucun document ne peut y être déposé.'));
    expect(await page.getByRole('button', { name: 'Déposer' }).count()).toBe(0);
    await see(page, page.getByText('Aucun document pour l’instant.'));
    await see(page, page.getByRole('region', { name: 'Qui a vu mes documents' }).getByText('Le coffre-fort a été fermé : toutes les clés ont été détruites.'));
    await expectAccessible(page, 'mon coffre-fort, fermé');
    await expectNoSideScroll(page, 'mon coffre-fort, fermé');
  });
});
