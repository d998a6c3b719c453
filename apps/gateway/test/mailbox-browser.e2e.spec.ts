import type { Locator, Page } from 'playwright-core';
import { passwordOnLetter } from '@pin/testing';
import { expectAccessible, see as seeLocator, submitDevIdpLogin, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { MandatesHarness } from './mandates.harness';
import { eventually } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first) with the mailbox service
// and its Dovecot: the aidant requests a mailbox from the usager's page and follows its creation;
// the usager (phone width) chooses their password with the letter's and creates an app password.
// axe-core checks every page.
jest.setTimeout(240_000);

describe('mailbox in Chromium: the aidant creates it, the usager chooses their password', () => {
  const h = new MandatesHarness();
  const { web, login } = useBrowserPlatform(h, {
    withMailbox: true,
    start: async (start) => {
      await start();
      await h.habilitateAidants();
    },
  });
  // The mailbox's steps (its creation through Dovecot) may take longer than a page's default timeout.
  const see = (page: Page, locator: Locator) => seeLocator(page, locator, { timeout: 30_000 });

  let usagerId = '';
  let mailboxId = '';
  let address = '';

  it('the aidant requests a mailbox from the usager’s page and follows its creation', async () => {
    usagerId = await h.createUsager();
    await h.createMandate(usagerId, ['papiers'], 31);
    const aidant = await login('aidant', `/app/usagers/${usagerId}`);
    const section = aidant.getByRole('region', { name: 'Boîte aux lettres électronique' });
    await see(aidant, section.getByRole('button', { name: 'Proposer une adresse' }));
    await expectAccessible(aidant, 'fiche usager, demande de boîte');
    await section.getByRole('button', { name: 'Proposer une adresse' }).click();
    await see(aidant, section.getByLabel('marie.durand@landesmail.fr'));
    await section.getByLabel('Papiers - Citoyenneté').check();
    await section.getByRole('button', { name: 'Créer la boîte aux lettres' }).click();
    // Without the consent: refused in the form.
    await see(aidant, section.getByText('Le consentement de la personne est nécessaire.').first());
    await section.getByLabel(/accepte la création de sa boîte/).check();
    await section.getByRole('button', { name: 'Créer la boîte aux lettres' }).click();
    await see(aidant, section.getByText('Active'));
    await see(aidant, section.getByRole('button', { name: 'Imprimer le courrier' }));
    await expectAccessible(aidant, 'fiche usager, boîte active');
    const mb = (await h.call('GET', `/api/v1/usagers/${usagerId}/messagerie`, { user: 'aidant' })).json;
    mailboxId = mb.id;
    address = mb.adresse;
    expect(address).toBe('marie.durand@landesmail.fr');
  });

  it('the usager, on a phone, chooses their password with the letter’s and creates an app password', async () => {
    const letter = await fetch(h.url(`/api/v1/messageries/${mailboxId}/courrier.pdf`), { headers: { authorization: `Bearer ${await h.token('aidant')}` } });
    const provisional = passwordOnLetter(Buffer.from(await letter.arrayBuffer()));
    const page = await web.newPage(PHONE);
    await page.goto(h.url('/app'));
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, h.platform.issuer, 'usager');
    await page.waitForURL(h.url('/app'));
    await see(page, page.getByRole('region', { name: 'Ma boîte aux lettres' }));
    await page.getByRole('link', { name: 'Ma messagerie' }).last().click();
    await see(page, page.getByRole('heading', { level: 1, name: 'Ma messagerie' }));
    await expectAccessible(page, 'ma messagerie, mot de passe à choisir');
    await page.getByLabel('Adresse électronique').fill(address);
    await page.getByLabel('Mot de passe provisoire').fill(provisional);
    await page.getByLabel('Nouveau mot de passe').fill('ma phrase de passe à moi');
    await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await see(page, page.getByText('Votre mot de passe est changé.'));
    await see(page, page.getByText(address));
    await page.getByLabel('Nom de l’appareil').fill('Téléphone');
    await page.getByRole('button', { name: 'Créer un mot de passe d’application' }).click();
    await see(page, page.getByText('Mot de passe pour « Téléphone »'));
    await see(page, page.getByText(/— créé le \d\d\/\d\d\/\d{4}, jamais utilisé/));
    await expectAccessible(page, 'ma messagerie, appareils');
    await eventually(async () => (await h.call('GET', '/api/v1/moi/messagerie/mots-de-passe-application', { user: 'usager' })).json.items.length, (n) => n === 1);
  });
});
