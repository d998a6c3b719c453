import { randomUUID } from 'node:crypto';
import { expectAccessible, screenshotPath, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { DURAND, MandatesHarness, MDM } from './mandates.harness';
import { pdf, startWithClaimedUsager, upload } from './safe.fixtures';

// « Documents partagés avec moi » in real Chromium, against the built platform: a usager shares
// her « Identité » category with the aidant's structure and her CAF attestation with the aidant by
// name (API calls); the aidant finds both on one page, grouped under her name with a link to her
// page, on a desktop and at phone width; the médiateur of another structure sees the empty state.
// axe-core checks every state.
jest.setTimeout(240_000);

describe('safe in Chromium: « Documents partagés avec moi » for aidants', () => {
  const h = new MandatesHarness();
  const nom = `Partage-${randomUUID().slice(0, 6)}`;
  const name = `${nom.toLocaleUpperCase('fr-FR')} ${DURAND.prenoms}`;
  let usagerId = '';
  const { login } = useBrowserPlatform(h, {
    start: async (start) => {
      ({ usagerId } = await startWithClaimedUsager(h, start, { nom, demarches: ['papiers', 'social'] }));
      const deposit = async (categorie: string, file: string) => {
        const r = await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie, nom: file }, await pdf(file));
        expect(r.status).toBe(201);
        return (r.json as { id: string }).id;
      };
      await deposit('identite', 'carte-identite.pdf');
      const caf = await deposit('ressources', 'attestation-caf.pdf');
      const jusquAu = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const shares = [
        { categorie: 'identite', structureId: MDM, jusquAu },
        { documentId: caf, structureId: MDM, aidantSub: h.aidantSub, jusquAu },
      ];
      for (const body of shares) expect((await h.call('POST', '/api/v1/moi/coffre/partages', { user: 'usager', body })).status).toBe(201);
    },
  });
  /** Signed in on « Documents partagés avec moi » (`context`: a phone's). */
  const open = (username: string, context = {}) => login(username, '/app/coffre/partages', context);

  const seesBoth = async (page: Awaited<ReturnType<typeof open>>) => {
    await page.getByRole('heading', { level: 1, name: 'Documents partagés avec moi' }).waitFor();
    const group = page.getByRole('region', { name });
    await group.waitFor();
    const table = group.getByRole('table', { name: '2 documents partagés' });
    await table.getByRole('rowheader', { name: 'Identité' }).waitFor();
    await table.getByRole('rowheader', { name: 'Ressources - CAF' }).waitFor();
    const until = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
    expect(await table.getByRole('row').filter({ hasText: 'Identité' }).innerText()).toContain(until);
    expect(await table.getByRole('row').filter({ hasText: 'Identité' }).innerText()).toContain('Votre structure');
    expect(await table.getByRole('row').filter({ hasText: 'Ressources - CAF' }).innerText()).toContain('Vous');
    // No document name on this page: they are read on the usager's page.
    expect(await page.locator('main').innerText()).not.toContain('.pdf');
    return group;
  };

  it('on a desktop: the aidant finds the shares under the usager’s name, from the navigation, and opens her page', async () => {
    const page = await open('aidant');
    await page.getByRole('navigation').getByRole('link', { name: 'Partagés avec moi' }).waitFor();
    const group = await seesBoth(page);
    await expectAccessible(page, 'documents partagés avec moi, bureau');
    await group.getByRole('link', { name: `Ouvrir la fiche de ${name} pour consulter ses documents` }).click();
    await page.waitForURL(h.url(`/app/usagers/${usagerId}`));
    const section = page.getByRole('region', { name: 'Coffre-fort numérique' });
    await section.getByText('attestation-caf.pdf').waitFor();
    // And back: the usager's safe section leads to every document shared with the aidant.
    await section.getByRole('link', { name: 'Tous les documents partagés avec moi' }).click();
    await page.waitForURL(h.url('/app/coffre/partages'));
    await seesBoth(page);
  });

  it('at phone width: the same list, accessible; another structure’s médiateur sees the empty state', async () => {
    const page = await open('aidant', PHONE);
    await seesBoth(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'documents partagés avec moi, téléphone');
    await page.screenshot({ path: screenshotPath('coffre-partages-recus.png'), fullPage: true });

    const other = await open('mediateur', PHONE);
    await other.getByText('Aucune personne accompagnée n’a partagé de document avec vous ou votre structure pour l’instant.', { exact: false }).waitFor();
    expect(await other.getByRole('table').count()).toBe(0);
    await expectAccessible(other, 'documents partagés avec moi, vide');
  });
});
