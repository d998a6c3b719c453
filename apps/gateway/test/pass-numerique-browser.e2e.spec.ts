import { readFileSync } from 'node:fs';
import { DEMO_FUNDER, DEMO_STRUCTURES } from '@pin/contracts';
import { expectAccessible, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first), the Pass Numérique from
// end to end through its pages: the animateur records #APTIC for a lieu, creates a batch of passes
// and allocates it to a prescriber; the prescriber (the Mont-de-Marsan structure's référent) hands
// a pass out; the lieu's aidant redeems it by typing its code; the funder's officer (role financeur)
// sees the figures, creates the monthly claim, downloads its CSV as a file (content checked) and marks it paid. Then a
// 390 px phone walk through the new pages: no horizontal scroll. axe-core checks every page.
jest.setTimeout(240_000);

const MDM = DEMO_STRUCTURES.montDeMarsan;

describe('Pass Numérique in Chromium: batch, allocation, hand-out, redemption, figures and the claim CSV', () => {
  const h = new PlatformHarness();
  const { login } = useBrowserPlatform(h, { session: { serverErrors: true }, withLabelling: true });
  const stamp = Date.now();
  const lieuNom = `Espace Pass ${stamp}`;
  // The demo financeur's funder (the platform's databases are new for each run: the monthly claim is unique per month and funder).
  const financeur = DEMO_FUNDER;
  const premier = 70_000_000 + (stamp % 1_000_000) * 10;
  let code = '';

  it('the animateur records #APTIC for a lieu on the programmes page', async () => {
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: { structure_id: MDM, nom: lieuNom, adresse: '5 place du Marsan', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', latitude: 43.8937, longitude: -0.4998, services: ['aide-demarches-administratives'], frais_a_charge: ['gratuit'] },
    });
    expect(lieu.status).toBe(201);
    await eventually(() => h.call('GET', `/api/v1/lieux?q=${encodeURIComponent(lieuNom)}`), (r) => r.json.items?.some((i: { id: string }) => i.id === lieu.json.id), 15_000);

    const page = await login('animateur', '/app/programmes-label');
    await see(page, page.getByRole('heading', { name: 'Enregistrer un label national' }));
    await see(page, page.getByLabel('Exigence du critère 1', { exact: true }));
    await expectAccessible(page, 'programmes de label');
    await page.getByLabel('Label national', { exact: true }).selectOption('aptic');
    await page.getByLabel('Rechercher le lieu', { exact: true }).fill(lieuNom);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await see(page, page.getByLabel('Lieu', { exact: true }));
    await page.getByLabel('Preuve', { exact: true }).fill('Qualification #APTIC 40-999');
    // The labelling service learns the new lieu from the directory's events: retry until it knows it.
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.getByRole('button', { name: 'Enregistrer le label' }).click();
      const ok = page.getByText(new RegExp(`enregistré pour ${lieuNom}`));
      const failed = page.getByRole('alert').filter({ hasText: 'Le label n’a pas été enregistré' });
      await ok.or(failed).first().waitFor();
      if (await ok.isVisible()) break;
      if (Date.now() > deadline) throw new Error(`#APTIC refusé : ${await failed.textContent()}`);
      await page.getByLabel('Preuve', { exact: true }).fill('Qualification #APTIC 40-999');
      await page.waitForTimeout(500);
    }
    await expectAccessible(page, 'programmes de label, label enregistré');
  });

  it('the animateur creates a batch of 10 passes and allocates 3 to the Mont-de-Marsan structure', async () => {
    const page = await login('animateur', '/app/pass-numerique/lots');
    await see(page, page.getByRole('button', { name: 'Enregistrer le lot' }));
    await expectAccessible(page, 'carnets, vide');
    await page.getByLabel('Financeur', { exact: true }).fill(financeur);
    await page.getByLabel('Premier numéro', { exact: true }).fill(String(premier));
    await page.getByLabel('Nombre de pass', { exact: true }).first().fill('10');
    await page.getByLabel('Valeur faciale d’un pass (€)', { exact: true }).fill('10');
    await page.getByLabel('Valable jusqu’au', { exact: true }).fill(`${new Date().getFullYear() + 1}-12-31`);
    await page.getByRole('button', { name: 'Enregistrer le lot' }).click();
    await see(page, page.getByText(`Lot enregistré : pass n° ${premier} à ${premier + 9}.`));
    await page.getByText('Codes à imprimer (10)').click();
    code = (await page.locator('.codes-pass code').first().textContent()) ?? '';
    expect(code).toMatch(new RegExp(`^PN-${premier}-[0-9A-F]{10}$`));
    await see(page, page.getByRole('cell', { name: '10 sur 10' }));
    await expectAccessible(page, 'carnets, lot enregistré');
    const carnet = page.getByRole('link', { name: `Télécharger le carnet (PDF) des pass n° ${premier} à ${premier + 9}` });
    const [pdf] = await Promise.all([page.waitForEvent('download'), carnet.click()]);
    expect(pdf.suggestedFilename()).toBe(`carnet-pass-numerique-${premier}-${premier + 9}.pdf`);
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByLabel('Lot', { exact: true }).selectOption({ label: `${financeur}, n° ${premier} à ${premier + 9} (10 à allouer)` });
    await page.getByLabel('Prescripteur', { exact: true }).selectOption(MDM);
    await page.locator('#allocation-nombre').fill('3');
    await page.getByRole('button', { name: 'Allouer les pass' }).click();
    await see(page, page.getByText(/^3 pass alloués à /));
    await see(page, page.getByRole('cell', { name: '7 sur 10' }));
    await expectAccessible(page, 'carnets, pass alloués');
  });

  it('the prescriber hands the next pass out to a beneficiary known by a file reference', async () => {
    const page = await login('referent', '/app/pass-numerique/remise');
    await see(page, page.getByText(`Laissé vide : le prochain pass à remettre, ${code}.`));
    await expectAccessible(page, 'remise de pass');
    await page.getByRole('button', { name: 'Remettre le pass' }).click();
    await see(page, page.getByRole('alert').filter({ hasText: 'Référence du bénéficiaire : ce champ est obligatoire.' }));
    await page.getByLabel('Référence du bénéficiaire', { exact: true }).fill('ML-2026-0417');
    await page.getByRole('button', { name: 'Remettre le pass' }).click();
    await see(page, page.getByText(`Pass n° ${premier} remis.`));
    await see(page, page.getByRole('row').filter({ hasText: `n° ${premier}` }).filter({ hasText: 'Remis' }));
    await expectAccessible(page, 'remise de pass, pass remis');
  });

  it('the lieu’s aidant redeems the pass by typing its code', async () => {
    const page = await login('aidant', '/app/pass-numerique');
    await see(page, page.getByRole('button', { name: 'Encaisser le pass' }));
    // The lieux load apart from the form: the choice of lieu (a list, or the single lieu named) first.
    await see(page, page.locator('#pass-lieu'));
    await page.getByLabel('Code du pass', { exact: true }).fill(code);
    if (await page.getByLabel('Lieu', { exact: true }).isVisible()) await page.getByLabel('Lieu', { exact: true }).selectOption({ label: `${lieuNom} (Mont-de-Marsan)` });
    await page.getByRole('button', { name: 'Encaisser le pass' }).click();
    await see(page, page.getByText(new RegExp(`Pass n° ${premier} encaissé \\(10,00 €\\)`)));
  });

  it('the funder’s officer sees the figures, creates the monthly claim, downloads its CSV and marks it paid', async () => {
    const page = await login('financeur', '/app/pass-numerique/financement');
    await see(page, page.getByText(`Les pass de ${financeur} :`));
    const row = page.getByRole('row').filter({ hasText: `${financeur} — n° ${premier} à ${premier + 9}` });
    await see(page, row);
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(['10', '7', '2', '0', '1', '0', '10,00 €']);
    await expectAccessible(page, 'financement, chiffres par lot');
    await page.getByLabel('Regrouper', { exact: true }).selectOption('lieu');
    await see(page, page.getByRole('row').filter({ hasText: `${lieuNom} (Mont-de-Marsan)` }));
    await page.getByLabel('Regrouper', { exact: true }).selectOption('prescripteur');
    // No structure list for a funder: the prescriber is shown by its id.
    await see(page, page.getByRole('row').filter({ hasText: MDM }).first());

    const mois = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await page.getByLabel('Mois des encaissements', { exact: true }).fill(mois);
    // Bound to their funder: no funder to type (counted once the claim form is drawn).
    await see(page, page.getByText(`Financeur : ${financeur}`));
    await expect(page.getByLabel('Financeur', { exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Créer la demande' }).click();
    await see(page, page.getByText(`Demande de ${mois} créée : 1 pass, 10,00 €.`));
    const claimRow = page.getByRole('row').filter({ hasText: `${mois}, ${financeur}` });
    await see(claimRow.page(), claimRow);
    await expectAccessible(page, 'financement, demande créée');

    const link = claimRow.getByRole('link', { name: `Fichier CSV de la demande de ${mois}` });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^pass-numerique-${mois}-departement-des-landes\\.csv$`));
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('numero;lot;financeur;valeur_eur;encaisse_le;lieu;service');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(new RegExp(`^${premier};[0-9a-f-]{36};${financeur};10\\.00;\\d{4}-\\d{2}-\\d{2}T[^;]+;[0-9a-f-]{36};accompagnement-demarches$`));
    // The headers of the file, with the page's own session.
    const res = await page.request.get(h.url(new URL(await link.evaluate((a: HTMLAnchorElement) => a.href)).pathname));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="${download.suggestedFilename()}"`);

    await claimRow.getByRole('button', { name: `Marquer payée la demande de ${mois}` }).click();
    await see(page, page.getByText(`Demande de ${mois} marquée payée.`));
    await see(page, claimRow.getByText(/^Payée le /));
    await page.getByLabel('Regrouper', { exact: true }).selectOption('lot');
    // The table is reloaded for the new grouping: wait for the paid pass to show in it.
    const paidRow = page.getByRole('row').filter({ hasText: `${financeur} — n° ${premier} à ${premier + 9}` }).filter({ has: page.locator('td[data-label="Payés"]', { hasText: /^1$/ }) });
    await see(page, paidRow);
    await expect(paidRow.getByRole('cell').allTextContents()).resolves.toEqual(['10', '7', '2', '0', '1', '1', '10,00 €']);
  });

  it('refuses the CSV file to a user who is neither of the network nor a funder, and an unknown claim with a code', async () => {
    const forbidden = await h.call('GET', `/api/v1/pass-numerique/demandes-remboursement/00000000-0000-4000-8000-000000000000/fichier.csv`, { user: 'referent' });
    expect(forbidden.status).toBe(403);
    const unknown = await h.call('GET', `/api/v1/pass-numerique/demandes-remboursement/00000000-0000-4000-8000-000000000000/fichier.csv`, { user: 'animateur' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('CLAIM.NOT_FOUND');
    const unknownToFunder = await h.call('GET', `/api/v1/pass-numerique/demandes-remboursement/00000000-0000-4000-8000-000000000000/fichier.csv`, { user: 'financeur' });
    expect([unknownToFunder.status, unknownToFunder.json.code]).toEqual([404, 'CLAIM.NOT_FOUND']);
  });

  it('a 390 px phone walk through the new pages: no horizontal scroll', async () => {
    const walks: Array<[string, string[]]> = [
      ['animateur', ['/app/pass-numerique/lots', '/app/pass-numerique/financement', '/app/programmes-label']],
      ['referent', ['/app/pass-numerique/remise']],
      ['financeur', ['/app', '/app/pass-numerique/financement']],
    ];
    for (const [user, paths] of walks) {
      const page = await login(user, paths[0]);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of paths) {
        await page.goto(h.url(path));
        await see(page, page.locator('main h2').first());
        await page.waitForLoadState('networkidle');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ path, width }).toEqual({ path, width: 390 });
        await expectAccessible(page, `${path} sur téléphone`);
      }
    }
  });
});
