import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshotPath, see, submitDevIdpLogin, expectFocus, PHONE, expectNoSideScroll } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): a visitor reads the
// catalogue; the aidant registers for a path session, a référent of another structure lands on the
// waiting list; the aidant downloads the agenda file; the trainer takes attendance per half-day;
// the aidant downloads the attestation, whose code anyone verifies on the public page; an aidant
// leads the diagnostic on a tablet; the aidant's pages on a 390 px phone. axe-core checks every page.
jest.setTimeout(180_000);

const TITLE = 'Parcours aidant 7 h';

describe('training in Chromium: catalogue, registration, attendance, attestation, diagnostic', () => {
  const h = new PlatformHarness();
  // The training service scans for due reminders every second here (an hour by default).
  const { web, login } = useBrowserPlatform(h, {
    session: { context: { acceptDownloads: true }, serverErrors: true },
    start: (start) => start({}, {}, { trainingEnv: { TRAINING_SCAN_EVERY_MS: '1000' } }),
  });
  let sessionId = '';
  let code = '';

  /** The session card of the catalogue, by its title. */
  const card = (page: Page) => page.locator('li.session').filter({ has: page.getByRole('heading', { level: 3, name: TITLE }) });

  it('shows the public catalogue and the sessions to a visitor', async () => {
    // The animateur programmes a remote path session with one seat (two half-days); the form that does it: training-network-browser.
    const created = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { parcoursId: 'parcours-aidant', visio: 'https://visio.example.fr/formation-aidants', capacite: 1, formateur: { username: 'mediateur', nom: 'Morgane Médiatrice' }, demiJournees: [{ date: '2099-05-04', periode: 'matin' }, { date: '2099-05-04', periode: 'apres-midi' }] },
    });
    expect(created.status).toBe(201);
    sessionId = created.json.id;
    expect((await h.call('GET', '/app/formations/verifier/F-AAAAA-AAAAA')).text).toContain('<main id="contenu"');

    const page = await web.newPage();
    await page.goto(h.url('/app/formations'));
    await page.getByRole('heading', { level: 1, name: 'Formations' }).waitFor();
    await see(page, page.getByRole('region', { name: 'Parcours' }).getByRole('heading', { level: 3, name: TITLE }));
    await page.getByRole('region', { name: 'Modules du référentiel' }).getByRole('heading', { level: 3, name: 'Niveau médiateur' }).waitFor();
    const session = card(page);
    await see(page, session.getByText('1 place disponible'));
    await session.getByText('lundi 4 mai 2099, matin (9 h – 12 h 30)').waitFor();
    await session.getByText('À distance (visioconférence)').waitFor();
    // No registration button for a visitor, an invitation to sign in; the visio link is never public.
    // Counted once the page knows the visitor is signed out (the header's « Se connecter »): while
    // the session loads, the catalogue is drawn without a user too.
    await page.locator('header').getByRole('link', { name: 'Se connecter' }).waitFor();
    await page.getByRole('region', { name: 'Prochaines sessions' }).getByRole('link', { name: 'Se connecter' }).waitFor();
    expect(await page.getByRole('button', { name: /^M’inscrire/ }).count()).toBe(0);
    expect(await page.content()).not.toContain('visio.example.fr');
    expect(await page.getByRole('navigation', { name: /principal/i }).getByRole('link', { name: 'Formations' }).count()).toBe(1);
    await expectAccessible(page, 'formations, visiteur');
  });

  it('the aidant registers; a référent of another structure goes on the waiting list; a référent registers a member of their structure', async () => {
    const aidant = await login('aidant', '/app');
    // The home page's « Formation » card leads to the catalogue.
    await see(aidant, aidant.getByRole('region', { name: 'Formation' }).getByRole('link', { name: 'Catalogue et calendrier des sessions' }));
    await aidant.getByRole('region', { name: 'Formation' }).getByRole('link', { name: 'Catalogue et calendrier des sessions' }).click();
    const session = card(aidant);
    await see(aidant, session.getByRole('button', { name: `M’inscrire : ${TITLE}` }));
    await expectAccessible(aidant, 'formations, aidant');
    await session.getByRole('button', { name: `M’inscrire : ${TITLE}` }).click();
    await see(aidant, session.getByRole('status').filter({ hasText: 'Vous êtes inscrit·e à cette session.' }));
    await expectFocus(aidant, '.notice');
    await session.getByText('Complet : inscription en liste d’attente').waitFor();

    const dax = await login('referent-dax', '/app/formations');
    await see(dax, card(dax).getByRole('button', { name: `M’inscrire sur la liste d’attente : ${TITLE}` }));
    await card(dax).getByRole('button', { name: `M’inscrire sur la liste d’attente : ${TITLE}` }).click();
    await see(dax, card(dax).getByText(/La session est complète : vous êtes en liste d’attente, en position 1\./));
    await expectAccessible(dax, 'formations, liste d’attente');

    // The référent of the aidant's structure picks a member: already registered, said in the form.
    const referent = await login('referent', '/app/formations');
    await see(referent, card(referent).getByRole('button', { name: `Inscrire un aidant de ma structure : ${TITLE}` }));
    await card(referent).getByRole('button', { name: `Inscrire un aidant de ma structure : ${TITLE}` }).click();
    const picker = card(referent).getByRole('group', { name: 'Aidant à inscrire' });
    await see(referent, picker.getByLabel('Alex Aidant', { exact: true }));
    await card(referent).getByRole('button', { name: 'Inscrire à cette session' }).click();
    await card(referent).getByRole('alert').filter({ hasText: 'Choisissez l’aidant à inscrire' }).waitFor();
    await picker.getByLabel('Alex Aidant', { exact: true }).check();
    await card(referent).getByRole('button', { name: 'Inscrire à cette session' }).click();
    await see(referent, card(referent).getByRole('alert').filter({ hasText: 'déjà inscrite' }));
    await expectAccessible(referent, 'formations, référent');
  });

  it('the aidant sees the seat and the visio link, downloads the agenda file; the waiting person sees their position and may cancel', async () => {
    const aidant = await login('aidant', '/app/formations/mes-inscriptions');
    const mine = aidant.locator('li.session').filter({ hasText: TITLE });
    await see(aidant, mine.getByText('Inscrit·e', { exact: true }));
    expect(await mine.getByRole('link', { name: /visio\.example\.fr/ }).getAttribute('href')).toBe('https://visio.example.fr/formation-aidants');
    const [download] = await Promise.all([aidant.waitForEvent('download'), mine.getByRole('link', { name: `Ajouter à mon agenda (.ics) : ${TITLE}` }).click()]);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20990504T070000Z');
    // The phone's own reminder the day before each half-day.
    expect(ics).toContain('BEGIN:VALARM');
    expect(ics.replace(/\r\n[ \t]/g, '')).toContain(`DESCRIPTION:Rappel : formation « ${TITLE} » demain.`);
    expect(download.suggestedFilename()).toMatch(/^formation-[0-9a-f]{8}\.ics$/);
    await expectAccessible(aidant, 'mes inscriptions, aidant');

    // A module session tomorrow afternoon (inside the default 2-day notice): the service's scheduled
    // scan records the reminder by itself, and « Mes inscriptions » shows it at the top.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const soon = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { moduleId: 'savoir-etre', visio: 'https://visio.example.fr/savoir-etre', capacite: 5, formateur: { username: 'mediateur', nom: 'Morgane Médiatrice' }, demiJournees: [{ date: tomorrow, periode: 'apres-midi' }] },
    });
    expect(soon.status).toBe(201);
    expect((await h.call('POST', `/api/v1/formations/sessions/${soon.json.id}/inscriptions`, { user: 'aidant', body: {} })).status).toBe(201);
    const deadline = Date.now() + 20_000;
    let reminded = false;
    while (!reminded && Date.now() < deadline) {
      const mineNow = await h.call('GET', '/api/v1/formations/mes-inscriptions', { user: 'aidant' });
      reminded = (mineNow.json.items as Array<{ sessionId: string; rappelLe: string | null }>).some((r) => r.sessionId === soon.json.id && r.rappelLe !== null);
      if (!reminded) await new Promise((r) => setTimeout(r, 300));
    }
    expect(reminded).toBe(true);
    await aidant.reload();
    const rappel = aidant.getByRole('region', { name: 'Rappel : votre formation commence bientôt' });
    await see(aidant, rappel);
    await rappel.getByText(/« Savoir-être/).waitFor();
    expect(await rappel.textContent()).not.toContain(TITLE);
    await expectAccessible(aidant, 'mes inscriptions, rappel');

    const dax = await login('referent-dax', '/app/formations/mes-inscriptions');
    const waiting = dax.locator('li.session').filter({ hasText: TITLE });
    await see(dax, waiting.getByText('Liste d’attente : position 1'));
    expect(await waiting.getByRole('link', { name: /visio\.example\.fr/ }).count()).toBe(0);
    await waiting.getByRole('button', { name: `Annuler mon inscription : ${TITLE}` }).click();
    const dialog = dax.getByRole('dialog', { name: 'Annuler l’inscription' });
    await dialog.waitFor();
    await expectAccessible(dax, 'mes inscriptions, confirmation');
    await dialog.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await see(dax, dax.getByRole('status').filter({ hasText: `Votre inscription à « ${TITLE} » est annulée.` }));
    await dax.getByText('Vous n’êtes inscrit·e à aucune session.').waitFor();
  });

  it('the trainer takes attendance per half-day; present at both, the aidant gets the attestation', async () => {
    const trainer = await login('mediateur', '/app/formations');
    await see(trainer, card(trainer).getByRole('link', { name: `Feuille d’émargement : ${TITLE}` }));
    await card(trainer).getByRole('link', { name: `Feuille d’émargement : ${TITLE}` }).click();
    await trainer.waitForURL(h.url(`/app/formations/sessions/${sessionId}/emargement`));
    const form = trainer.getByRole('region', { name: 'Émarger une demi-journée' });
    await see(trainer, form.getByRole('group', { name: 'Personnes présentes' }).getByLabel('Alex Aidant'));
    expect(await form.getByRole('group', { name: 'Demi-journée' }).getByLabel(/^1\. lundi 4 mai 2099, matin/).isChecked()).toBe(true);
    await expectAccessible(trainer, 'émargement, formateur');
    await form.getByLabel('Alex Aidant').check();
    await form.getByRole('button', { name: 'Enregistrer l’émargement' }).click();
    await see(trainer, trainer.getByRole('status').filter({ hasText: 'Émargement de la demi-journée 1 enregistré : 1 présent, 0 absent.' }));
    const row = trainer.getByRole('region', { name: 'Présences enregistrées' }).getByRole('row', { name: /Alex Aidant/ });
    await row.getByRole('cell', { name: 'Présent·e' }).waitFor();

    await form.getByRole('group', { name: 'Demi-journée' }).getByLabel(/^2\. lundi 4 mai 2099, après-midi/).check();
    // The second half-day has no attendance yet: nobody ticked.
    expect(await form.getByLabel('Alex Aidant').isChecked()).toBe(false);
    await form.getByLabel('Alex Aidant').check();
    await form.getByRole('button', { name: 'Enregistrer l’émargement' }).click();
    await see(trainer, trainer.getByRole('status').filter({ hasText: 'Attestation délivrée : Alex Aidant.' }));
    await row.getByRole('cell', { name: 'Présent·e' }).nth(1).waitFor();
    expect(await row.getByRole('cell', { name: 'Présent·e' }).count()).toBe(2);
    await expectAccessible(trainer, 'émargement, attestation délivrée');

    // An aidant is not a trainer: the page is not for them.
    const aidant = await login('aidant', `/app/formations/sessions/${sessionId}/emargement`);
    await see(aidant, aidant.getByText('Cette page est réservée à d’autres profils que le vôtre.'));
  });

  it('the aidant downloads the attestation; anyone verifies its code on the public page', async () => {
    const aidant = await login('aidant', '/app/formations/mes-attestations');
    const row = aidant.getByRole('row', { name: new RegExp(TITLE) });
    await see(aidant, row.getByText('Compte pour l’habilitation'));
    code = ((await row.locator('.code-attestation').textContent()) ?? '').trim();
    expect(code).toMatch(/^F-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await expectAccessible(aidant, 'mes attestations');
    const [download] = await Promise.all([aidant.waitForEvent('download'), row.getByRole('link', { name: `Télécharger l’attestation (PDF) : ${TITLE}` }).click()]);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    // A visitor: the page the QR code opens, then a code typed by hand.
    const visitor = await web.newPage();
    await visitor.goto(h.url(`/app/formations/verifier/${code}`));
    await see(visitor, visitor.getByRole('heading', { level: 2, name: 'Attestation valide' }));
    const details = (await visitor.locator('.verification').textContent()) ?? '';
    expect(details).toContain(TITLE);
    expect(details).toContain('7 h');
    expect(details).not.toMatch(/Alex|aidant@/);
    await expectAccessible(visitor, 'vérification, attestation valide');
    await visitor.goto(h.url('/app/formations/verifier'));
    await visitor.getByRole('textbox', { name: 'Code de vérification' }).fill('pas un code');
    await visitor.getByRole('button', { name: 'Vérifier' }).click();
    await visitor.getByRole('alert').filter({ hasText: 'format F-XXXXX-XXXXX attendu' }).waitFor();
    await expectAccessible(visitor, 'vérification, code mal saisi');
    await visitor.getByRole('textbox', { name: 'Code de vérification' }).fill('f-aaaaa-aaaaa');
    await visitor.getByRole('button', { name: 'Vérifier' }).click();
    await see(visitor, visitor.getByText('Aucune attestation ne porte le code F-AAAAA-AAAAA.'));
    await visitor.getByRole('textbox', { name: 'Code de vérification' }).fill(code.toLowerCase());
    await visitor.getByRole('button', { name: 'Vérifier' }).click();
    await see(visitor, visitor.getByRole('heading', { level: 2, name: 'Attestation valide' }));
  });

  it('the animateur raises the capacity: the person waiting gets the seat; lowering below the people registered is refused', async () => {
    const again = await h.call('POST', `/api/v1/formations/sessions/${sessionId}/inscriptions`, { user: 'referent-dax', body: {} });
    expect(again.json).toMatchObject({ statut: 'attente', rangAttente: 1 });
    const page = await login('animateur', `/app/formations/sessions/${sessionId}/emargement`);
    const form = page.getByRole('region', { name: 'Capacité de la session' });
    const field = form.getByRole('textbox', { name: 'Nombre de places' });
    await see(page, field);
    expect(await field.inputValue()).toBe('1');
    await page.getByRole('region', { name: 'Liste d’attente' }).getByText('Diane Référente').waitFor();
    await expectAccessible(page, 'émargement, animateur');
    await field.fill('0');
    await form.getByRole('button', { name: 'Changer la capacité' }).click();
    await form.getByRole('alert').filter({ hasText: 'un nombre entier de 1 à 500' }).waitFor();
    await field.fill('2');
    await form.getByRole('button', { name: 'Changer la capacité' }).click();
    await see(page, form.getByRole('status').filter({ hasText: 'Capacité portée à 2 places. 1 personne de la liste d’attente a obtenu une place.' }));
    await page.getByRole('region', { name: 'Présences enregistrées' }).getByRole('row', { name: /Diane Référente/ }).waitFor();
    expect(await page.getByRole('region', { name: 'Liste d’attente' }).count()).toBe(0);
    await field.fill('1');
    await form.getByRole('button', { name: 'Changer la capacité' }).click();
    await see(page, form.getByRole('alert').filter({ hasText: 'nombre de personnes inscrites (2)' }));
    await expectAccessible(page, 'capacité, refus');
  });

  it('leads the diagnostic on a tablet: one question per screen, large buttons, consent, an orientation and no score', async () => {
    const page = await web.newPage({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true });
    await page.goto(h.url('/app/formations/diagnostic'));
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, h.platform.issuer, 'aidant');
    await page.waitForURL(h.url('/app/formations/diagnostic'));
    await see(page, page.getByRole('heading', { level: 2, name: 'Quelques questions pour trouver ensemble la bonne aide' }));
    await expectAccessible(page, 'diagnostic, accueil');
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('alert').filter({ hasText: 'Code INSEE de la commune' }).waitFor();
    await page.getByLabel(/Code INSEE de la commune/).fill('40088');
    await page.getByRole('button', { name: 'Commencer' }).click();

    const steps: Array<[string, string]> = [
      ['De quel équipement disposez-vous ?', 'Un smartphone'],
      ['Avez-vous une adresse électronique que vous savez utiliser ?', 'Oui, mais je ne sais plus y accéder'],
      ['Vous sentez-vous à l’aise avec le numérique ?', 'Un peu'],
      ['Avez-vous une démarche urgente ?', 'Oui : droits sociaux (CAF, RSA…)'],
      ['Quelle aide souhaitez-vous ?', 'Qu’on la fasse avec moi'],
    ];
    for (const [i, [question, reponse]] of steps.entries()) {
      const heading = page.getByRole('heading', { level: 2, name: question });
      await see(page, heading);
      await page.getByText(`Question ${i + 1} sur 5`).waitFor();
      // The question has the focus (read first), and only one question is on screen.
      await expectFocus(page, 'h2', { text: question });
      expect(await page.getByRole('heading', { level: 2 }).count()).toBe(1);
      const button = page.getByRole('button', { name: reponse, exact: true });
      const box = await button.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(48);
      if (i === 0) await expectAccessible(page, 'diagnostic, question');
      if (i === 2) {
        // Back one screen, the answer given is shown pressed; forward again.
        await page.getByRole('button', { name: 'Revenir en arrière' }).click();
        await see(page, page.getByRole('heading', { level: 2, name: steps[1][0] }));
        expect(await page.getByRole('button', { name: steps[1][1], exact: true }).getAttribute('aria-pressed')).toBe('true');
        await page.getByRole('button', { name: steps[1][1], exact: true }).click();
        await see(page, heading);
      }
      await button.click();
    }
    await see(page, page.getByRole('heading', { level: 2, name: 'Acceptez-vous que vos réponses soient conservées ?' }));
    await expectAccessible(page, 'diagnostic, consentement');
    await page.getByRole('button', { name: 'Non, ne rien conserver' }).click();
    await see(page, page.getByRole('heading', { level: 2, name: 'Ce que nous vous proposons' }));
    // Little ease with an urgent démarche: an aidant does it for the person, with a mandate.
    await page.getByRole('heading', { level: 3, name: 'Un aidant peut faire la démarche pour vous' }).waitFor();
    await page.getByText('Comme vous l’avez demandé, vos réponses ne sont pas conservées.').waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/score|\bnote\b|\d+\s*\/\s*\d+/i);
    await expectAccessible(page, 'diagnostic, orientation');
    await page.screenshot({ path: screenshotPath('formation-diagnostic-tablette.png'), fullPage: true });
    expect(await h.query('training', 'SELECT count(*)::int AS n FROM diagnostic')).toEqual([{ n: 0 }]);
    expect(await h.query('training', 'SELECT departement, orientation, total FROM diagnostic_count')).toEqual([{ departement: '40', orientation: 'aidant-habilite', total: 1 }]);

    // A second conversation, kept with consent.
    await page.getByRole('button', { name: 'Commencer un nouvel échange' }).click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    for (const reponse of ['Un smartphone et un ordinateur', 'Oui, je l’utilise', 'Tout à fait', 'Non', 'Apprendre à la faire seul·e']) {
      await page.getByRole('button', { name: reponse, exact: true }).click();
    }
    await page.getByRole('button', { name: 'Oui, vous pouvez les conserver' }).click();
    await see(page, page.getByText('Vos réponses sont conservées sans votre nom.'));
    expect(await h.query('training', 'SELECT code_insee, orientation FROM diagnostic')).toEqual([{ code_insee: '40088', orientation: 'autonome' }]);
  });

  it('walks the aidant’s training pages on a 390 px phone without sideways scrolling', async () => {
    const page = await web.newPage(PHONE);
    await page.goto(h.url('/app/formations'));
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, h.platform.issuer, 'aidant');
    await page.waitForURL(h.url('/app/formations'));
    const pages: Array<[string, string]> = [
      ['/app/formations', 'Formations'],
      ['/app/formations/mes-inscriptions', 'Mes inscriptions'],
      ['/app/formations/mes-attestations', 'Mes attestations'],
      ['/app/formations/diagnostic', 'Diagnostic de premier niveau'],
      ['/app/formations/pix', 'Résultats PIX'],
      [`/app/formations/verifier/${code}`, 'Vérifier une attestation de formation'],
    ];
    for (const [path, title] of pages) {
      await page.goto(h.url(path));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.statut[role="status"]').filter({ hasText: /^Chargement/ }).waitFor({ state: 'detached' }).catch(() => undefined);
      await page.waitForLoadState('networkidle');
      await expectNoSideScroll(page, path);
      await expectAccessible(page, `téléphone, ${path}`);
    }
    await page.goto(h.url('/app/formations/mes-inscriptions'));
    await see(page, page.getByRole('region', { name: 'Rappel : votre formation commence bientôt' }));
    await page.screenshot({ path: screenshotPath('formation-rappel-telephone.png'), fullPage: true });
    await page.goto(h.url('/app/formations/mes-attestations'));
    await page.getByRole('row', { name: new RegExp(TITLE) }).waitFor();
    await page.screenshot({ path: screenshotPath('formation-attestations-telephone.png'), fullPage: true });
  });
  it('folds the animateur’s many links into menus that open, close on Escape and fit a phone', async () => {
    const page = await login('animateur', '/app');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const menu = nav.getByRole('button', { name: 'Annuaire' });
    await see(page, menu);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Signalements' }).count()).toBe(0); // hidden while closed
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'navigation, menu ouvert');
    await page.screenshot({ path: screenshotPath('navigation-menu-ouvert.png') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Annuaire');
    await page.setViewportSize({ width: 390, height: 844 });
    await menu.click();
    await nav.getByRole('link', { name: 'Signalements' }).click();
    await see(page, page.getByRole('heading', { level: 1, name: 'Signalements à traiter' }));
    // The menu closed on the new page (an effect of the page change, after the new page is drawn)
    // and says it holds the current page.
    await nav.getByRole('button', { name: /Annuaire/, expanded: false }).waitFor({ timeout: 5_000 });
    expect(await nav.getByRole('button', { name: /Annuaire/ }).getAttribute('aria-expanded')).toBe('false');
    await nav.getByRole('button', { name: /Annuaire \(page actuelle dans ce menu\)/ }).click();
    expect(await nav.getByRole('link', { name: 'Signalements' }).getAttribute('aria-current')).toBe('page');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await expectAccessible(page, 'navigation sur téléphone, menu ouvert');
    await page.screenshot({ path: screenshotPath('navigation-menu-telephone.png') });
  });
});
