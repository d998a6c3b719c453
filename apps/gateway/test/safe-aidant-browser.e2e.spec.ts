import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, screenshotPath, submitDevIdpLogin, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { MandatesHarness, MDM } from './mandates.harness';
import { pdf, startWithClaimedUsager, upload } from './safe.fixtures';

// The aidant's side of the digital safe in real Chromium at phone width, against the built
// platform: the usager shares her « Identité » category with the aidant's structure (API calls),
// the aidant sees the shared document on the usager's page with the share's end date, downloads it
// by its single-use link, deposits a document for her under mandate; the usager then sees it in
// « Mon coffre-fort », deposited by her aidant. axe-core checks both pages.
jest.setTimeout(240_000);

describe('safe in Chromium: the aidant’s view and deposit under mandate', () => {
  const h = new MandatesHarness();
  const files = mkdtempSync(join(tmpdir(), 'pin-coffre-aidant-'));
  let usagerId = '';
  let shared: { id: string; sha256: string };
  const { web } = useBrowserPlatform(h, {
    start: async (start) => {
      ({ usagerId } = await startWithClaimedUsager(h, start, { nom: `CoffreAidant-${randomUUID().slice(0, 6)}`, demarches: ['papiers'] }));
      // The usager deposits her ID card and shares « Identité » with the aidant's structure for a week.
      const dep = await upload(h, '/api/v1/moi/coffre/documents', 'usager', { categorie: 'identite', nom: 'carte-identite.pdf' }, await pdf('Carte nationale d’identité'));
      expect(dep.status).toBe(201);
      shared = dep.json as { id: string; sha256: string };
      const share = await h.call('POST', '/api/v1/moi/coffre/partages', { user: 'usager', body: { categorie: 'identite', structureId: MDM, jusquAu: new Date(Date.now() + 7 * 86_400_000).toISOString() } });
      expect(share.status).toBe(201);
    },
    stop: () => rmSync(files, { recursive: true, force: true }),
  });

  it('the aidant sees and downloads what is shared, deposits for the usager, who sees it in her safe; accessible at phone width', async () => {
    const file = join(files, 'attestation-hebergement.pdf');
    writeFileSync(file, await pdf('Attestation d’hébergement'));

    const page = await web.newPage(PHONE);
    const usagerPage = h.url(`/app/usagers/${usagerId}`);
    await page.goto(usagerPage);
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, h.platform.issuer, 'aidant');
    await page.waitForURL(usagerPage);
    const coffre = page.getByRole('region', { name: 'Coffre-fort numérique' });
    const until = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
    await coffre.getByText(`, partagé jusqu’au ${until}`, { exact: false }).waitFor();
    await coffre.getByText('carte-identite.pdf').waitFor();
    await expectAccessible(page, 'fiche usager, coffre-fort partagé');

    // Download by the single-use link: the bytes are the usager's document.
    const [download] = await Promise.all([page.waitForEvent('download'), coffre.getByRole('button', { name: 'Télécharger carte-identite.pdf' }).click()]);
    const saved = join(files, 'telecharge.pdf');
    await download.saveAs(saved);
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(shared.sha256);

    // Deposit for the usager (the mandate covers « Papiers », hence « Identité »), from the file or camera input.
    const input = coffre.getByLabel(/^Fichier ou photo/);
    expect(await input.getAttribute('capture')).toBe('environment');
    expect(await input.getAttribute('accept')).toContain('image/jpeg');
    await coffre.getByLabel('Catégorie du document').selectOption('identite');
    await input.setInputFiles(file);
    await coffre.getByRole('button', { name: 'Déposer pour la personne' }).click();
    await coffre.getByText('Document déposé et chiffré dans le coffre-fort de la personne.').waitFor();
    // « Identité » is shared: the new document appears in the aidant's list too.
    await coffre.getByText('attestation-hebergement.pdf').waitFor();
    await expectAccessible(page, 'fiche usager, dépôt dans le coffre-fort');
    await page.screenshot({ path: screenshotPath('coffre-aidant.png'), fullPage: true });

    // The usager sees it in « Mon coffre-fort », deposited by her aidant, and her journal tells who opened what.
    const mine = await web.newPage(PHONE);
    await mine.goto(h.url('/app/coffre'));
    await mine.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(mine, h.platform.issuer, 'usager');
    await mine.waitForURL(h.url('/app/coffre'));
    const list = mine.getByRole('region', { name: 'Mes documents', exact: true });
    await list.getByText('attestation-hebergement.pdf').waitFor();
    await list.getByText(/Identité, déposé le .* par votre aidant/).waitFor();
    const journal = mine.getByRole('region', { name: 'Qui a vu mes documents' });
    await journal.getByText('Un aidant de la structure qui vous accompagne a ouvert « carte-identite.pdf ».').waitFor();
    await journal.getByText('Un aidant de la structure qui vous accompagne a déposé « attestation-hebergement.pdf » (Identité).').waitFor();
    await expectAccessible(mine, 'mon coffre-fort, dépôt de l’aidant');
  });
});
