import { readFileSync } from 'node:fs';
import { pdfText } from '@pin/testing';
import { expectAccessible, screenshotPath, see, expectFocus, PHONE, expectNoSideScroll } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): an aidant is habilitated,
// creates a usager and a mandate through the wizard, prints the attestation; the QR code's page
// says the mandate is valid; the usager claims it with the printed code and revokes it; the page
// then says it is revoked. axe-core checks every page.
jest.setTimeout(180_000);

describe('mandates in Chromium: wizard, attestation, public verification, revocation by the usager', () => {
  const h = new PlatformHarness();
  const { web, login } = useBrowserPlatform(h, { session: { context: { acceptDownloads: true } } });
  const newPage = () => web.newPage();

  it('serves the verification page without login', async () => {
    const r = await h.call('GET', '/verifier/abcdefghijklmnop');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<main id="contenu"');
  });

  let verificationUrl = '';
  let claimCode = '';
  let printedCode = '';
  let usagerPagePath = '';



  it('habilitates the aidant: the référent picks a member, the animateur grants', async () => {
    // Members are known from their logins: the aidant has signed in once (home page).
    const aidant = await login('aidant', '/app');
    await see(aidant, aidant.getByRole('region', { name: /^Mon habilitation/ }).getByText('Pas d’habilitation'));
    await expectAccessible(aidant, 'mon espace, aidant sans habilitation');

    const referent = await login('referent', '/app/habilitations');
    await referent.getByRole('heading', { level: 1, name: 'Habilitations des aidants' }).waitFor();
    const picker = referent.getByRole('group', { name: 'Aidant à habiliter' });
    await see(referent, picker.getByLabel('Alex Aidant', { exact: true }));
    await expectAccessible(referent, 'habilitations, référent');
    // Sending the form without a member shows the error summary with the focus on it.
    await referent.getByRole('button', { name: 'Demander l’habilitation' }).click();
    const summary = referent.getByRole('alert').filter({ hasText: 'Le formulaire contient' });
    await summary.waitFor();
    await expectFocus(referent, '.resume-erreurs');
    await expectAccessible(referent, 'habilitations, erreurs');
    await picker.getByLabel('Alex Aidant', { exact: true }).check();
    await referent.getByLabel('L’aidant a signé la charte de l’aidant.').check();
    await referent.getByLabel('L’aidant a suivi la formation Aidants Connect.').check();
    await referent.getByRole('button', { name: 'Demander l’habilitation' }).click();
    await see(referent, referent.getByText('Demande envoyée à l’animateur du réseau.'));
    // Asked for, the member leaves the picker; the list names them, never by their login.
    await referent.getByRole('row', { name: /Alex Aidant/ }).getByText('Demandée').waitFor();
    // The picker reloads the members apart from the list (« Chargement… » meanwhile): counted once
    // they are drawn again, the picker or the sentence saying nobody is left to habilitate.
    await see(referent, picker.or(referent.getByText(/^Aucun membre à habiliter/)));
    expect(await picker.getByLabel('Alex Aidant', { exact: true }).count()).toBe(0);
    expect(await referent.getByRole('row', { name: /Alex Aidant/ }).getByRole('rowheader').textContent()).toBe('Alex Aidant');

    const animateur = await login('animateur', '/app/habilitations');
    const row = animateur.getByRole('row', { name: /Alex Aidant/ });
    await row.getByRole('button', { name: /^Accorder/ }).click();
    await see(animateur, animateur.getByText(/: accordée\./));
    await expectAccessible(animateur, 'habilitations, animateur');
  });

  it('lets the aidant create a usager and a mandate through the wizard, print the attestation and withdraw one démarche', async () => {
    const page = await login('aidant', '/app/usagers');
    await page.getByRole('heading', { level: 1, name: 'Usagers accompagnés' }).waitFor();
    await expectAccessible(page, 'usagers');

    // Missing fields: error summary, inline errors, aria-invalid.
    await page.getByRole('button', { name: 'Enregistrer l’usager' }).click();
    await page.getByRole('alert').filter({ hasText: 'Le formulaire contient' }).waitFor();
    expect(await page.getByLabel('Nom de naissance', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'usagers, erreurs');

    await page.getByLabel('Nom de naissance', { exact: true }).fill('Lafitte');
    await page.getByLabel('Prénoms', { exact: true }).fill('Jeanne Marie');
    await page.getByLabel('Date de naissance', { exact: true }).fill('1948-05-17');
    await page.getByLabel('Lieu de naissance', { exact: true }).fill('Dax');
    await page.getByLabel(/J’atteste avoir vérifié l’identité/).check();
    await page.getByRole('button', { name: 'Enregistrer l’usager' }).click();
    await see(page, page.getByRole('heading', { level: 1, name: 'LAFITTE Jeanne Marie' }));
    const usagerPath = new URL(page.url()).pathname;
    await expectAccessible(page, 'fiche usager');

    // Found again by the search, then the same identity again: the duplicate warning links to the existing usager.
    await page.goto(h.url('/app/usagers'));
    await page.getByRole('searchbox', { name: /Nom, prénom ou date de naissance/ }).fill('lafitte');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await see(page, page.getByText('Un usager trouvé.'));
    expect(await page.getByRole('region', { name: 'Rechercher un usager' }).getByRole('link', { name: 'LAFITTE Jeanne Marie' }).getAttribute('href')).toBe(usagerPath);
    await page.getByLabel('Nom de naissance', { exact: true }).fill('LAFITTE');
    await page.getByLabel('Prénoms', { exact: true }).fill('Jeanne Marie');
    await page.getByLabel('Date de naissance', { exact: true }).fill('1948-05-17');
    await page.getByLabel('Lieu de naissance', { exact: true }).fill('Dax');
    await page.getByLabel(/J’atteste avoir vérifié l’identité/).check();
    await page.getByRole('button', { name: 'Enregistrer l’usager' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'peut-être déjà enregistrée' });
    await warning.waitFor();
    expect(await warning.getByRole('link', { name: 'LAFITTE Jeanne Marie' }).getAttribute('href')).toBe(usagerPath);
    await expectAccessible(page, 'usagers, doublon');
    await warning.getByRole('link', { name: 'LAFITTE Jeanne Marie' }).click();

    await page.getByRole('link', { name: 'Établir un nouveau mandat' }).click();
    await page.getByRole('heading', { level: 2, name: /Étape 1 sur 3/ }).waitFor();
    await expectAccessible(page, 'assistant, étape 1');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cochez au moins une démarche.' }).waitFor();
    await page.getByRole('group', { name: 'Démarches couvertes par le mandat' }).getByLabel('Papiers - Citoyenneté').check();
    await page.getByRole('group', { name: 'Démarches couvertes par le mandat' }).getByLabel('Argent - Impôts - Consommation').check();
    await page.getByRole('group', { name: 'Durée du mandat' }).getByLabel('1 an (365 jours)').check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { level: 2, name: /Étape 2 sur 3/ }).waitFor();
    await expectAccessible(page, 'assistant, étape 2');
    // Back goes to step 1 with the choices kept; forward again to step 2.
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: /Étape 1 sur 3/ }).waitFor();
    const demarches = page.getByRole('group', { name: 'Démarches couvertes par le mandat' });
    expect(await demarches.getByLabel('Papiers - Citoyenneté').isChecked()).toBe(true);
    expect(await demarches.getByLabel('Argent - Impôts - Consommation').isChecked()).toBe(true);
    expect(await demarches.getByLabel('Social - Santé').isChecked()).toBe(false);
    expect(await page.getByRole('group', { name: 'Durée du mandat' }).getByLabel('1 an (365 jours)').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { level: 2, name: /Étape 2 sur 3/ }).waitFor();
    await page.getByRole('button', { name: 'Modifier mes choix' }).click();
    await page.getByRole('heading', { level: 2, name: /Étape 1 sur 3/ }).waitFor();
    expect(await demarches.getByLabel('Argent - Impôts - Consommation').isChecked()).toBe(true);
    await page.goForward();
    await page.getByRole('heading', { level: 2, name: /Étape 2 sur 3/ }).waitFor();
    expect(await page.getByRole('region', { name: 'Texte du consentement' }).count()).toBe(1);
    await expect(page.locator('#titre-recap + dl').textContent()).resolves.toContain('Argent - Impôts - Consommation');
    await page.getByRole('button', { name: 'Créer le mandat' }).click();
    await page.getByRole('alert').filter({ hasText: 'consentement de la personne est obligatoire' }).waitFor();
    await page.getByLabel(/Je confirme avoir lu ce texte à la personne/).check();
    await page.getByRole('button', { name: 'Créer le mandat' }).click();
    await see(page, page.getByRole('heading', { level: 2, name: /Étape 3 sur 3/ }));
    await page.getByText('Mandat créé.').waitFor();
    claimCode = (await page.locator('.code-reclamation').textContent()) ?? '';
    expect(claimCode).toMatch(/\w{4,}/);
    await expectAccessible(page, 'assistant, attestation');
    await page.screenshot({ path: screenshotPath('mandat-assistant-attestation.png'), fullPage: true });

    // The code travels in a POST body: the links point at a blob: URL of the page, never at a URL carrying the code.
    const downloadLink = page.getByRole('link', { name: 'Télécharger l’attestation (PDF)' });
    expect(await downloadLink.getAttribute('href')).toMatch(/^blob:/);
    expect(page.url()).not.toContain(claimCode);
    const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, flat: text } = pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('LAFITTE Jeanne Marie');
    expect(text).toContain('Papiers - Citoyenneté');
    expect(text).toContain('Argent - Impôts - Consommation');
    expect(text).toContain(claimCode);
    verificationUrl = /^(http:\/\/127\.0\.0\.1:\d+\/verifier\/[\w.~-]+)$/m.exec(text)?.[1] ?? '';
    expect(verificationUrl.startsWith(`${h.platform.gatewayUrl}/verifier/`)).toBe(true);

    await page.goto(h.url(usagerPath));
    usagerPagePath = usagerPath;
    await page.getByRole('heading', { level: 3, name: /^Mandat du/ }).waitFor();
    await page.getByRole('table').filter({ hasText: 'Un mandat a été créé' }).waitFor();
    await expectAccessible(page, 'fiche usager avec mandat et journal');

    // The aidant withdraws one démarche: the mandate stays valid for the other.
    const card = page.getByRole('article').filter({ hasText: 'Papiers - Citoyenneté' });
    await card.getByRole('button', { name: /^Révoquer ce mandat/ }).click();
    await card.getByLabel('Seulement certaines démarches').check();
    await card.getByRole('group', { name: 'Démarches à révoquer' }).getByLabel('Argent - Impôts - Consommation').check();
    await expectAccessible(page, 'révocation partielle');
    await card.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await see(page, page.getByText('Démarches révoquées. L’attestation de révocation est disponible.'));
    const after = page.getByRole('article').filter({ hasText: 'Papiers - Citoyenneté' });
    await after.getByText('Révoquée', { exact: true }).waitFor();
    const [partial] = await Promise.all([page.waitForEvent('download'), after.getByRole('link', { name: /^Attestation de révocation \(PDF\)/ }).click()]);
    const revocation = pdfText(readFileSync((await partial.path())!));
    expect(revocation.pages).toBe(1);
    const flat = revocation.flat.replace(/\s+/g, ' ');
    expect(flat).toContain('Attestation de révocation partielle de mandat');
    expect(flat).toContain('aidant de la structure');
    expect(flat).toMatch(/reste en vigueur, jusqu’à sa date de fin, pour les démarches suivantes : • Papiers - Citoyenneté/);
    // The printed code is lost: a new one replaces it.
    printedCode = claimCode;
    await page.getByRole('button', { name: 'Émettre un nouveau code pour son espace' }).click();
    await see(page, page.getByText('Le code précédent ne fonctionne plus.'));
    claimCode = (await page.locator('.code-reclamation').textContent()) ?? '';
    expect(claimCode).toMatch(/\w{4,}/);
    expect(claimCode).not.toBe(printedCode);
  });

  it('shows the mandate as valid, with its démarches (and the one withdrawn) and no personal data, at the QR code’s address', async () => {
    const page = await newPage();
    await page.goto(verificationUrl);
    await see(page, page.getByRole('heading', { level: 2, name: 'Mandat valide' }));
    await page.getByRole('heading', { level: 3, name: 'Démarches retirées du mandat' }).waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(await page.getByRole('list').filter({ hasText: 'Papiers - Citoyenneté' }).textContent()).not.toContain('Argent');
    expect(main).toContain('Argent - Impôts - Consommation');
    expect(main).not.toMatch(/LAFITTE|Jeanne|1948|Dax/i);
    await expectAccessible(page, 'vérification, valide');
    await page.screenshot({ path: screenshotPath('mandat-verification.png'), fullPage: true });
  });

  it('lets the usager claim the mandate with the printed code and revoke it from their space', async () => {
    const page = await login('usager', '/app/mes-mandats');
    await page.getByRole('heading', { level: 1, name: 'Mes mandats' }).waitFor();
    await expectAccessible(page, 'mes mandats, sans mandat');
    // The replaced code no longer works: the error summary takes the focus and names the field.
    await page.getByLabel('Code à usage unique').fill(printedCode);
    await page.getByRole('button', { name: 'Relier mes mandats' }).click();
    await see(page, page.getByRole('alert').filter({ hasText: 'Le formulaire contient une erreur' }));
    await expectFocus(page, '.resume-erreurs');
    expect(await page.getByLabel('Code à usage unique').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'mes mandats, code refusé');
    await page.getByLabel('Code à usage unique').fill(claimCode);
    await page.getByRole('button', { name: 'Relier mes mandats' }).click();
    await see(page, page.getByText('Vos mandats sont maintenant reliés à votre compte.'));
    const card = page.getByRole('article').filter({ hasText: 'Papiers - Citoyenneté' });
    await card.getByText('Valide').waitFor();
    await expectAccessible(page, 'mes mandats');

    await card.getByRole('button', { name: /^Révoquer ce mandat/ }).click();
    await card.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await page.getByText('Mandat révoqué. L’attestation de révocation est disponible.').waitFor();
    await page.getByRole('article').filter({ hasText: 'Papiers - Citoyenneté' }).getByText('Révoqué', { exact: true }).first().waitFor();
    await page.getByRole('table').filter({ hasText: /a été révoquée?/ }).waitFor();
    await expectAccessible(page, 'mes mandats, révoqué');
    await page.screenshot({ path: screenshotPath('mandat-mes-mandats.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Attestation de révocation \(PDF\)/ }).click()]);
    const { pages, flat: text } = pdfText(readFileSync((await download.path())!));
    expect(pages).toBe(1);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Attestation de révocation de mandat');
    expect(flat).toContain('par le mandant lui-même');
  });

  it('shows each person their home page: aidant, référent, animateur, usager', async () => {
    const aidant = await login('aidant', '/app');
    await aidant.getByRole('heading', { level: 1, name: 'Bonjour Alex Aidant' }).waitFor();
    // A mandate ending tomorrow for the usager of the wizard (their account is linked: no new code).
    const usagerId = usagerPagePath.split('/').pop() ?? '';
    const created = await aidant.evaluate(
      (id) =>
        fetch('/api/v1/mandats', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'idempotency-key': `home-${id}` },
          body: JSON.stringify({ usagerId: id, demarches: ['logement'], dureeJours: 1, consentement: true }),
        }).then((r) => r.status),
      usagerId,
    );
    expect(created).toBe(201);
    await aidant.reload();
    await see(aidant, aidant.getByRole('region', { name: /^Mon habilitation/ }).getByText('Habilité', { exact: true }));
    const soon = aidant.getByRole('region', { name: 'Mandats qui prennent fin dans les 30 jours' });
    await see(aidant, soon.getByRole('link', { name: /^Jeanne Marie Lafitte$/i }));
    expect(await soon.getByRole('link', { name: /^Jeanne Marie Lafitte$/i }).getAttribute('href')).toBe(usagerPagePath);
    await soon.getByText('Logement').waitFor();
    expect(await aidant.getByRole('link', { name: 'Nouveau mandat' }).getAttribute('href')).toBe('/app/usagers');
    await aidant.getByRole('region', { name: 'Mon activité récente' }).getByRole('link', { name: /^Jeanne Marie Lafitte$/i }).waitFor();
    await aidant.getByRole('searchbox', { name: /Nom, prénom ou date de naissance/ }).waitFor();
    await expectAccessible(aidant, 'mon espace, aidant');
    await aidant.screenshot({ path: screenshotPath('espace-aidant.png'), fullPage: true });

    const referent = await login('referent', '/app');
    await referent.getByRole('heading', { level: 1, name: 'Bonjour Romain Référent' }).waitFor();
    await see(referent, referent.getByRole('region', { name: 'Demandes d’habilitation en attente' }).getByText(/Aucune demande de \[Démo\] Médiathèque du Marsan/));
    await referent.getByRole('region', { name: 'Mes structures' }).getByText('[Démo] Médiathèque du Marsan').waitFor();
    await expectAccessible(referent, 'mon espace, référent');

    const animateur = await login('animateur', '/app');
    await see(animateur, animateur.getByRole('region', { name: 'Habilitations à décider' }).getByText(/Aucune demande d’habilitation n’attend votre décision/));
    await expectAccessible(animateur, 'mon espace, animateur');

    const usager = await login('usager', '/app');
    await usager.getByRole('heading', { level: 1, name: 'Bonjour Camille Usager' }).waitFor();
    const mine = usager.getByRole('region', { name: 'Mes mandats' });
    await see(usager, mine.getByText(/Un mandat en cours/));
    await mine.getByText(/\[Démo\] Médiathèque du Marsan : prend fin le .* \(Logement\)/).waitFor();
    await usager.getByRole('region', { name: 'Mon journal' }).getByRole('link', { name: 'Lire mon journal' }).waitFor();
    // The mailbox slot leads to the usager's mailbox page (service mailbox), the safe's to « Mon coffre-fort » (service safe).
    await usager.getByRole('region', { name: 'Ma boîte aux lettres' }).getByRole('link', { name: 'Ma messagerie' }).waitFor();
    await usager.getByRole('region', { name: 'Mon coffre-fort' }).getByRole('link', { name: 'Ouvrir mon coffre-fort' }).waitFor();
    await expectAccessible(usager, 'mon espace, usager');
    await usager.screenshot({ path: screenshotPath('espace-usager.png'), fullPage: true });
  });

  it('fits a 390 px phone: the usager page, the journals and the habilitations become cards, nothing scrolls sideways', async () => {
    const aidant = await login('aidant', usagerPagePath, PHONE);
    await aidant.getByRole('heading', { level: 1, name: 'LAFITTE Jeanne Marie' }).waitFor();
    const journal = aidant.getByRole('region', { name: 'Journal de l’usager' });
    await journal.getByText(/Un mandat a été créé par/).first().waitFor();
    // The journal's table is laid out as cards: its header row is hidden, each cell says its column.
    expect(await journal.locator('thead').evaluate((el) => el.getBoundingClientRect().height <= 1)).toBe(true);
    await expectNoSideScroll(aidant, 'fiche usager');
    await expectAccessible(aidant, 'fiche usager, téléphone');
    await aidant.screenshot({ path: screenshotPath('mandat-fiche-telephone.png'), fullPage: true });

    const referent = await login('referent', '/app/habilitations', PHONE);
    await referent.getByRole('region', { name: 'Demandes et habilitations' }).getByText('Alex Aidant').first().waitFor();
    await expectNoSideScroll(referent, 'habilitations');
    await expectAccessible(referent, 'habilitations, téléphone');

    const usager = await login('usager', '/app/mes-mandats', PHONE);
    await see(usager, usager.getByRole('region', { name: 'Mon journal' }).getByText(/Un mandat a été révoqué par vous/).first());
    await see(usager, usager.getByRole('region', { name: 'Mon journal' }).getByText(/Votre aidant .+ a consulté vos données/).first());
    await expectNoSideScroll(usager, 'mes mandats');
    await expectAccessible(usager, 'mes mandats, téléphone');
    await usager.screenshot({ path: screenshotPath('mandat-journal-telephone.png'), fullPage: true });
  });

  it('links a second dossier, opened by another structure, to the same usager account', async () => {
    // The Dax médiatrice, once habilitated, helps the same person and prints her a code of its own.
    const memberId = (await h.call('GET', '/api/v1/espace', { user: 'mediateur' })).json.utilisateur.id;
    const dax = (await h.call('GET', '/api/v1/espace', { user: 'mediateur' })).json.structures[0].structureId as string;
    const asked = await h.call('POST', '/api/v1/habilitations', { user: 'referent-dax', body: { structureId: dax, memberId, charteSignee: true, formationSuivie: true } });
    expect(asked.status).toBe(201);
    expect((await h.call('POST', `/api/v1/habilitations/${asked.json.id}/accorder`, { user: 'animateur', body: {} })).status).toBe(200);
    const usager = await h.call('POST', '/api/v1/usagers', { user: 'mediateur', body: { nom: 'Lafitte', prenoms: 'Jeanne Marie', dateNaissance: '1948-05-12', lieuNaissance: 'Dax (40)', identiteVerifiee: true } });
    expect(usager.status).toBe(201);
    const mandate = await h.call('POST', '/api/v1/mandats', {
      user: 'mediateur',
      headers: { 'idempotency-key': `second-structure-${Date.now()}` },
      body: { usagerId: usager.json.id, demarches: ['social'], dureeJours: 365, consentement: true },
    });
    expect(mandate.status).toBe(201);
    const secondCode = mandate.json.codeReclamation as string;
    expect(secondCode).toMatch(/\w/);

    const page = await login('usager', '/app/mes-mandats');
    await page.getByRole('heading', { level: 1, name: 'Mes mandats' }).waitFor();
    await page.getByRole('button', { name: 'Relier un dossier d’une autre structure' }).click();
    await page.getByLabel('Code à usage unique').fill(secondCode);
    await page.getByRole('button', { name: 'Relier mes mandats' }).click();
    await see(page, page.getByText('Vos mandats sont maintenant reliés à votre compte.'));
    // Both structures' mandates in one space: the Dax one valid, the Mont-de-Marsan one revoked earlier.
    await page.getByRole('article').filter({ hasText: 'Social - Santé' }).getByText('Valide').waitFor();
    await page.getByRole('article').filter({ hasText: 'Papiers - Citoyenneté' }).getByText('Révoqué', { exact: true }).first().waitFor();
    expect(page.url()).not.toContain(secondCode);
    expect(await page.evaluate(() => location.href + document.referrer)).not.toContain(secondCode);
    await expectAccessible(page, 'mes mandats, deux structures');
  });

  it('then shows the mandate as revoked at the same address', async () => {
    const page = await newPage();
    await page.goto(verificationUrl);
    await see(page, page.getByRole('heading', { level: 2, name: 'Mandat révoqué' }));
    await expectAccessible(page, 'vérification, révoqué');
  });
});
