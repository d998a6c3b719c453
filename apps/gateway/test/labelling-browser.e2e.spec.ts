import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { DEMO_STRUCTURES } from '@pin/contracts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expectAccessible, see, submitDevIdpLogin, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the aidant signs the
// charter and redeems a Pass Numérique by typing its code on a phone-sized page (twice: the second
// time is refused); the référent applies for the territorial label, attaches pieces (setInputFiles)
// and submits; the animateur takes the dossier, downloads the piece and grants it. axe-core checks every page.
jest.setTimeout(240_000);

const MDM = DEMO_STRUCTURES.montDeMarsan;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(1_000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(400, 0x90)]);

describe('labelling in Chromium: charter, Pass Numérique redemption, label dossier', () => {
  const h = new PlatformHarness();
  const { login, webDir } = useBrowserPlatform(h, { withLabelling: true });
  let lieuNom = '';
  let lieuId = '';
  let code = '';
  let scannedCode = '';

  /**
   * A Y4M video (what Chromium's fake camera plays in a loop) showing `text` as a QR code: the
   * modules from the `qrcode` package, black on white in the luma plane, neutral chroma.
   */
  function qrVideo(text: string): string {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const [w, hgt, scale, margin] = [640, 480, 8, 4];
    const y = Buffer.alloc(w * hgt, 235);
    const size = (modules.size + 2 * margin) * scale;
    const [x0, y0] = [(w - size) / 2, (hgt - size) / 2];
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) {
        if (!modules.get(r, c)) continue;
        for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + (r + margin) * scale + dy) * w + x0 + (c + margin) * scale, (y0 + (r + margin) * scale + dy) * w + x0 + (c + margin + 1) * scale);
      }
    }
    const uv = Buffer.alloc((w / 2) * (hgt / 2), 128);
    const file = join(webDir, 'qr.y4m');
    writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${hgt} F10:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, uv, uv]));
    return file;
  }

  it('prepares a lieu with #APTIC, the charter and a pass handed out (API)', async () => {
    lieuNom = `Espace numérique Chromium ${Date.now()}`;
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: { structure_id: MDM, nom: lieuNom, adresse: '3 place du Marsan', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', latitude: 43.8937, longitude: -0.4998, services: ['aide-demarches-administratives'], frais_a_charge: ['gratuit'] },
    });
    expect(lieu.status).toBe(201);
    lieuId = lieu.json.id;
    const aptic = await eventually(
      () => h.call('POST', '/api/v1/labellisation/labels-nationaux', { user: 'animateur', body: { programmeId: 'aptic', lieuId, preuve: 'Référence #APTIC 40-888', depuis: '2026-01-01' } }),
      (r) => r.status !== 400,
      30_000,
    );
    expect(aptic.status).toBe(201);
    expect((await h.call('POST', '/api/v1/labellisation/charte/versions', { user: 'animateur', body: { texte: 'Je respecte la confidentialité des données des personnes que j’accompagne.\n\nJe n’agis pour une personne que sous mandat.' } })).status).toBe(201);
    const batch = await h.call('POST', '/api/v1/pass-numerique/lots', { user: 'animateur', body: { financeur: 'Département des Landes', premierNumero: 50_000_001, nombre: 3, valeurCentimes: 1000, valideJusquAu: `${new Date().getFullYear() + 1}-12-31` } });
    code = batch.json.codes[0];
    expect((await h.call('POST', '/api/v1/pass-numerique/allocations', { user: 'animateur', body: { lotId: batch.json.id, prescripteurId: MDM, nombre: 3 } })).status).toBe(201);
    expect((await h.call('POST', '/api/v1/pass-numerique/distributions', { user: 'referent', body: { code, beneficiaire: 'ML-42' } })).status).toBe(200);
    scannedCode = batch.json.codes[1];
    expect((await h.call('POST', '/api/v1/pass-numerique/distributions', { user: 'referent', body: { code: scannedCode, beneficiaire: 'ML-43' } })).status).toBe(200);
  });

  it('the aidant signs the charter', async () => {
    const page = await login('aidant', '/app/charte');
    await see(page, page.getByRole('button', { name: 'Je signe la charte' }));
    await expectAccessible(page, 'charte, à signer');
    await page.getByRole('button', { name: 'Je signe la charte' }).click();
    await see(page, page.getByText('Vous avez signé la version 1 de la charte.'));
    await see(page, page.getByText(/Vous avez signé cette version le/));
    await expectAccessible(page, 'charte, signée');
  });

  it('the aidant redeems the pass on a phone by typing its code; a second time is refused', async () => {
    const page = await login('aidant', '/app/pass-numerique');
    await page.setViewportSize({ width: 390, height: 844 });
    await see(page, page.getByText(`Lieu : ${lieuNom} (Mont-de-Marsan)`));
    await see(page, page.getByRole('button', { name: 'Scanner le QR code avec la caméra' }));
    await expectAccessible(page, 'pass numérique, saisie');
    await page.getByLabel('Code du pass').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Encaisser le pass' }).click();
    await see(page, page.getByText(/Pass n° 50000001 encaissé \(10,00 €\)/));
    await page.getByLabel('Code du pass').fill(code);
    await page.getByRole('button', { name: 'Encaisser le pass' }).click();
    await see(page, page.getByRole('alert').filter({ hasText: 'déjà été encaissé' }));
    await expectAccessible(page, 'pass numérique, déjà encaissé');
  });

  it('the aidant scans the pass’s QR code with the phone’s camera (Chromium’s fake camera plays it), then redeems it', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${qrVideo(scannedCode)}`],
    });
    try {
      const context = await browser.newContext({ locale: 'fr-FR', ...PHONE });
      await context.grantPermissions(['camera'], { origin: h.platform.gatewayUrl });
      const page = await context.newPage();
      await page.goto(h.url('/app/pass-numerique'));
      await page.getByRole('link', { name: 'Se connecter' }).first().click();
      await submitDevIdpLogin(page, h.platform.issuer, 'aidant');
      await page.waitForURL(h.url('/app/pass-numerique'));
      await see(page, page.getByRole('button', { name: 'Scanner le QR code avec la caméra' }));
      await page.getByRole('button', { name: 'Scanner le QR code avec la caméra' }).click();
      await page.waitForFunction((expected) => (document.getElementById('pass-code') as HTMLInputElement | null)?.value === expected, scannedCode, { timeout: 15_000 });
      await page.getByRole('button', { name: 'Encaisser le pass' }).click();
      await see(page, page.getByText(/Pass n° 50000002 encaissé/));
    } finally {
      await browser.close();
    }
  });

  it('the référent applies and submits; the animateur takes the dossier and grants the label', async () => {
    const referent = await login('referent', '/app/labellisation');
    await see(referent, referent.getByRole('button', { name: 'Commencer le dossier' }));
    await expectAccessible(referent, 'label, candidature');
    await referent.getByLabel('Lieu', { exact: true }).selectOption({ label: `${lieuNom} (Mont-de-Marsan)` });
    await referent.getByRole('button', { name: 'Commencer le dossier' }).click();
    await see(referent, referent.getByRole('button', { name: 'Déposer le dossier' }));
    await referent.getByRole('button', { name: 'Déposer le dossier' }).click();
    await see(referent, referent.getByRole('alert').filter({ hasText: 'Le dossier n’a pas été déposé' }));
    await expectAccessible(referent, 'dossier, critères manquants');
    // Pieces, on a phone-sized page: a type refused by the page, a forged one refused by the service (magic bytes), a PDF attached, a PNG attached then removed.
    await referent.setViewportSize({ width: 390, height: 844 });
    const pieceInput = referent.getByLabel('Pièce justificative : Accueil du public');
    const attach = referent.locator('.critere-pieces').filter({ has: pieceInput }).getByRole('button', { name: 'Joindre le fichier' });
    await pieceInput.setInputFiles({ name: 'installeur.exe', mimeType: 'application/x-msdownload', buffer: EXE });
    await attach.click();
    await see(referent, referent.getByText('Type de fichier refusé : seuls les PDF, JPEG et PNG sont acceptés.'));
    await pieceInput.setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: EXE });
    await attach.click();
    await see(referent, referent.locator('.champ__erreur').filter({ hasText: 'Type de fichier refusé' }));
    await pieceInput.setInputFiles({ name: 'horaires.pdf', mimeType: 'application/pdf', buffer: PDF });
    await attach.click();
    await see(referent, referent.getByText('Pièce « horaires.pdf » jointe.'));
    await see(referent, referent.getByRole('link', { name: 'horaires.pdf' }).first());
    await referent.getByLabel('Pièce justificative : Charte de l’aidant adoptée').setInputFiles({ name: 'charte.png', mimeType: 'image/png', buffer: PNG });
    await referent.locator('.critere-pieces').filter({ has: referent.getByLabel('Pièce justificative : Charte de l’aidant adoptée') }).getByRole('button', { name: 'Joindre le fichier' }).click();
    await see(referent, referent.getByText('Pièce « charte.png » jointe.'));
    await expectAccessible(referent, 'dossier, pièces jointes (390 px)');
    await referent.getByRole('button', { name: 'Retirer charte.png' }).click();
    await see(referent, referent.getByText('Pièce « charte.png » retirée.'));
    await referent.getByRole('link', { name: 'charte.png' }).waitFor({ state: 'detached', timeout: 10_000 });
    await referent.setViewportSize({ width: 1280, height: 900 });
    await referent.getByLabel('Charte de l’aidant adoptée', { exact: true }).fill('Les aidants ont signé la charte.');
    await referent.getByLabel('Accueil du public', { exact: true }).fill('Mardi et jeudi, sans rendez-vous.');
    await referent.getByRole('button', { name: 'Déposer le dossier' }).click();
    await see(referent, referent.getByText('Dossier déposé : l’animateur du réseau va l’instruire.'));
    const dossierUrl = referent.url();

    const animateur = await login('animateur', new URL(dossierUrl).pathname);
    await see(animateur, animateur.getByRole('button', { name: 'Prendre le dossier en instruction' }));
    await animateur.getByRole('button', { name: 'Prendre le dossier en instruction' }).click();
    await see(animateur, animateur.getByRole('button', { name: 'Enregistrer l’avis' }));
    await expectAccessible(animateur, 'dossier, instruction');
    // The animateur reviewing sees the piece with the answer and downloads it.
    const [download] = await Promise.all([animateur.waitForEvent('download'), animateur.getByRole('link', { name: 'horaires.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('horaires.pdf');
    const saved = join(webDir, 'piece-telechargee.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(PDF)).toBe(true);
    await animateur.getByRole('button', { name: 'Enregistrer l’avis' }).click();
    await see(animateur, animateur.getByText('Label accordé : il apparaît dans l’annuaire.'));
    const search = await eventually(() => h.call('GET', '/api/v1/lieux?label_reseau=pin-territorial&pageSize=100'), (r) => r.json.items.some((i: any) => i.id === lieuId), 10_000);
    expect(search.status).toBe(200);
  });
});
