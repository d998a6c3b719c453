import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { expectAccessible, screenshotPath, submitDevIdpLogin, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { MandatesHarness } from './mandates.harness';
import { startWithClaimedUsager } from './safe.fixtures';

// « Mon coffre-fort » in real Chromium at phone width against the built platform with the safe:
// the usager (account linked by the claim flow) deposits a PDF from the file picker, sees it
// listed and the deposit in « Qui a vu mes documents »; axe-core checks the page before and after.
jest.setTimeout(240_000);

describe('safe in Chromium: « Mon coffre-fort »', () => {
  const h = new MandatesHarness();
  const files = mkdtempSync(join(tmpdir(), 'pin-coffre-'));
  const { web } = useBrowserPlatform(h, {
    start: (start) => startWithClaimedUsager(h, start, { demarches: ['papiers'] }),
    stop: () => rmSync(files, { recursive: true, force: true }),
  });

  it('deposits a PDF with progress, lists it, journals it; accessible at phone width', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const file = join(files, 'carte-vitale.pdf');
    writeFileSync(file, await doc.save());

    const page = await web.newPage(PHONE);
    await page.goto(h.url('/app/coffre'));
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, h.platform.issuer, 'usager');
    await page.waitForURL(h.url('/app/coffre'));
    await page.getByRole('heading', { level: 1, name: 'Mon coffre-fort' }).waitFor();
    await page.getByText('Aucun document pour l’instant.').waitFor();
    await expectAccessible(page, 'mon coffre-fort, vide');

    await page.getByLabel('Catégorie').selectOption('sante');
    await page.getByLabel(/^Fichier/).setInputFiles(file);
    await page.getByRole('button', { name: 'Déposer' }).click();
    await page.getByText('Document déposé et chiffré.').waitFor();
    const list = page.getByRole('region', { name: 'Mes documents', exact: true });
    await list.getByText('carte-vitale.pdf').waitFor();
    await list.getByText(/Santé - Carte Vitale, déposé le/).waitFor();
    await page.getByRole('region', { name: 'Qui a vu mes documents' }).getByText('Vous avez déposé « carte-vitale.pdf » (Santé - Carte Vitale).').waitFor();
    await page.getByRole('button', { name: 'Télécharger carte-vitale.pdf' }).waitFor();
    await expectAccessible(page, 'mon coffre-fort, un document');
    await page.screenshot({ path: screenshotPath('coffre-usager.png'), fullPage: true });
  });
});
