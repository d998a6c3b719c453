import { DEMO_STRUCTURES } from '@pin/contracts';
import { expectAccessible, expectFocus, expectNoSideScroll, screenshotPath, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the network's training
// pages — the animateur programmes sessions (a path at a distance, a module in a lieu found through
// the directory's search) and cancels one; a référent records a member's PIX result with its proof,
// which the aidant reads. axe-core checks every page; the form is walked at 390 px too.
jest.setTimeout(180_000);

const TITLE = 'Parcours aidant 7 h';

describe('training in Chromium: the network programmes and cancels sessions, the référent records PIX results', () => {
  const h = new PlatformHarness();
  const { web, login } = useBrowserPlatform(h, { session: { serverErrors: true } });

  it('the animateur programmes sessions from the web: errors first, then a path at a distance and a module in a lieu, which she cancels', async () => {
    const lieu = await h.call('POST', '/api/v1/lieux', {
      user: 'animateur',
      body: { structure_id: DEMO_STRUCTURES.dax, nom: 'Médiathèque de Saint-Sever', adresse: '2 place du Tour du Sol', commune: 'Saint-Sever', code_postal: '40500', code_insee: '40282', latitude: 43.7574, longitude: -0.5735, services: ['aide-demarches-administratives'] },
    });
    expect(lieu.status).toBe(201);

    const page = await login('animateur', '/app/formations');
    await see(page, page.getByRole('navigation', { name: 'Formations' }).getByRole('link', { name: 'Programmer une session' }));
    await page.getByRole('navigation', { name: 'Formations' }).getByRole('link', { name: 'Programmer une session' }).click();
    await page.waitForURL(h.url('/app/formations/sessions/nouvelle'));
    await see(page, page.getByLabel('Parcours ou module'));
    await expectAccessible(page, 'programmer une session');

    // Sent empty: every problem listed, the summary takes the focus, each link leads to its field.
    await page.getByRole('button', { name: 'Programmer la session' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient' });
    await see(page, summary.getByRole('link', { name: 'Choisissez le parcours ou le module de la session.' }));
    await expectFocus(page, '.resume-erreurs');
    for (const message of ['Demi-journée 1 : indiquez la date (JJ/MM/AAAA).', 'Choisissez le lieu de la session (cherchez-le par son nom ou sa commune).', 'Indiquez l’identifiant du formateur ou de la formatrice.']) {
      await summary.getByRole('link', { name: message }).waitFor();
    }
    await expectAccessible(page, 'programmer une session, erreurs');
    await summary.getByRole('link', { name: 'Indiquez l’identifiant du formateur ou de la formatrice.' }).click();
    await expectFocus(page, '#session-formateur');

    // The path at a distance, two half-days, one seat.
    await page.getByLabel('Parcours ou module').selectOption({ label: `Parcours — ${TITLE}` });
    await page.getByLabel('Date de la demi-journée 1').fill('2099-05-04');
    await page.getByRole('button', { name: 'Ajouter une demi-journée' }).click();
    await expectFocus(page, '#demi-journee-1-date');
    expect(await page.getByLabel('Date de la demi-journée 2').inputValue()).toBe('2099-05-04');
    expect(await page.getByLabel('Moment de la demi-journée 2').inputValue()).toBe('apres-midi');
    await page.getByLabel('À distance (visioconférence)').check();
    await page.getByLabel('Lien de visioconférence').fill('https://visio.example.fr/formation-aidants');
    await page.getByLabel('Identifiant du formateur ou de la formatrice').fill('mediateur');
    await page.getByLabel(/^Nom du formateur ou de la formatrice/).fill('Morgane Médiatrice');
    await page.getByLabel('Nombre de places').fill('1');
    await page.getByRole('button', { name: 'Programmer la session' }).click();
    const done = page.getByRole('status').filter({ hasText: `Session programmée : « ${TITLE} »` });
    await see(page, done);
    expect(await done.textContent()).toContain('lundi 4 mai 2099, matin (9 h – 12 h 30) ; lundi 4 mai 2099, après-midi (13 h 30 – 17 h) — À distance (visioconférence)');
    expect(await done.getByRole('link', { name: 'Ouvrir sa feuille d’émargement' }).getAttribute('href')).toMatch(/^\/app\/formations\/sessions\/[0-9a-f-]{36}\/emargement$/);
    // The form is empty again for the next session.
    expect(await page.getByLabel('Parcours ou module').inputValue()).toBe('');

    // A module in a lieu found by its commune (the directory's search, the training service's projection: retried until both know it).
    await page.getByLabel('Parcours ou module').selectOption({ label: 'Module (niveau aidant) — Cadre juridique de l’intervention' });
    await page.getByLabel('Date de la demi-journée 1').fill('2099-06-08');
    await page.getByLabel('Nom du lieu ou commune').fill('Saint-Sever');
    const choice = page.getByLabel('Médiathèque de Saint-Sever — Saint-Sever');
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Chercher le lieu' }).click();
        return page.getByRole('status').filter({ hasText: /trouvé|Aucun lieu/ }).textContent({ timeout: 5_000 });
      },
      (text) => /trouvé/.test(text ?? ''),
      20_000,
    );
    await choice.check();
    await page.getByLabel('Identifiant du formateur ou de la formatrice').fill('mediateur');
    await page.getByLabel('Nombre de places').fill('8');
    const inLieu = page.getByRole('status').filter({ hasText: 'Session programmée : « Cadre juridique' });
    const unknownLieu = page.getByRole('alert').filter({ hasText: 'Ce lieu est inconnu' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      await page.getByRole('button', { name: 'Programmer la session' }).click();
      const outcome = await Promise.race([inLieu.waitFor({ timeout: 10_000 }).then(() => 'programmée'), unknownLieu.waitFor({ timeout: 10_000 }).then(() => 'lieu inconnu')]);
      if (outcome === 'programmée' || (await inLieu.count()) === 1) break;
      if (Date.now() > deadline) throw new Error('the training service never learnt the lieu');
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await inLieu.textContent()).toContain('lundi 8 juin 2099, matin (9 h – 12 h 30) — Médiathèque de Saint-Sever, Saint-Sever');
    await expectAccessible(page, 'programmer une session, programmée');

    // She cancels it from its sheet: the reason is required, then confirmed in a dialog.
    await inLieu.getByRole('link', { name: 'Ouvrir sa feuille d’émargement' }).click();
    const cancel = page.getByRole('region', { name: 'Annuler la session' });
    await see(page, cancel);
    await cancel.getByRole('button', { name: 'Annuler la session' }).click();
    await see(page, cancel.getByRole('alert').getByRole('link', { name: 'Indiquez le motif de l’annulation : les personnes inscrites le liront.' }));
    await cancel.getByLabel('Motif de l’annulation').fill('Salle indisponible ce jour-là.');
    await cancel.getByRole('button', { name: 'Annuler la session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler la session' });
    await dialog.waitFor();
    await expectAccessible(page, 'annuler une session, confirmation');
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Session annulée : « Cadre juridique de l’intervention »' }));
    await page.getByText('Cette session est annulée (motif : Salle indisponible ce jour-là.) : l’émargement n’est plus possible.').waitFor();
    expect(await page.getByRole('region', { name: 'Annuler la session' }).count()).toBe(0);
    await expectAccessible(page, 'session annulée');

    // The form on a phone: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(h.url('/app/formations/sessions/nouvelle'));
    await see(page, page.getByLabel('Parcours ou module'));
    await page.getByLabel('Nom du lieu ou commune').fill('Saint-Sever');
    await page.getByRole('button', { name: 'Chercher le lieu' }).click();
    await see(page, page.getByLabel('Médiathèque de Saint-Sever — Saint-Sever'));
    await expectNoSideScroll(page, 'programmer une session');
    await page.screenshot({ path: screenshotPath('formation-programmer-telephone.png'), fullPage: true });
  });

  it('the référent records a member’s PIX result with its proof; the aidant sees it, not the form', async () => {
    // Members are known from their logins: the aidant has signed in once.
    const member = await login('aidant', '/app');
    await see(member, member.getByRole('region', { name: /^Mon habilitation/ }));
    const page = await login('referent', '/app');
    await see(page, page.getByRole('region', { name: 'Formation' }).getByRole('link', { name: 'Résultats PIX des aidants' }));
    await page.getByRole('region', { name: 'Formation' }).getByRole('link', { name: 'Résultats PIX des aidants' }).click();
    await page.waitForURL(h.url('/app/formations/pix'));
    const form = page.getByRole('region', { name: 'Enregistrer un résultat PIX' });
    await see(page, form.getByRole('group', { name: /^Aidant/ }).getByLabel('Alex Aidant'));
    await expectAccessible(page, 'résultats PIX, référent');

    // Wrong values are said field by field; nothing is recorded.
    await form.getByLabel('Score (pix)').fill('2000');
    await form.getByLabel('Code de vérification du certificat').fill('ABC');
    await form.getByRole('button', { name: 'Enregistrer le résultat' }).click();
    const summary = form.getByRole('alert').filter({ hasText: 'Le formulaire contient 4 erreurs' });
    await see(page, summary);
    await expectFocus(page, '.resume-erreurs');
    for (const message of ['Choisissez l’aidant parmi les membres de la structure.', 'Score : un nombre entier de 0 à 1024 (pix).', 'Indiquez la date du test (JJ/MM/AAAA).', 'Code de vérification : format P-XXXXXXXX, tel qu’imprimé sur le certificat PIX.']) {
      await summary.getByRole('link', { name: message }).waitFor();
    }
    await expectAccessible(page, 'résultats PIX, erreurs');

    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    await form.getByLabel('Alex Aidant').check();
    await form.getByLabel('Score (pix)').fill('312');
    await form.getByLabel('Date du test').fill(today);
    await form.getByLabel('Code de vérification du certificat').fill('p-ab12cd34');
    await form.getByRole('button', { name: 'Enregistrer le résultat' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Résultat PIX enregistré pour Alex Aidant : 312 pix, seuil atteint (compte pour l’habilitation).' }));
    const row = page.getByRole('table', { name: 'Résultats PIX, les plus récents d’abord' }).getByRole('row', { name: /Alex Aidant/ });
    await see(page, row.getByText('P-AB12CD34'));
    expect(await row.innerText()).toContain('Atteint');
    await expectAccessible(page, 'résultats PIX, enregistré');

    // The aidant reads their own result; no form for them.
    const aidant = await login('aidant', '/app/formations/pix');
    await see(aidant, aidant.getByRole('region', { name: 'Mes résultats PIX' }).getByRole('row', { name: /Alex Aidant/ }).getByText('312 pix'));
    expect(await aidant.getByRole('region', { name: 'Enregistrer un résultat PIX' }).count()).toBe(0);
  });

  it('the trainer validates a module followed in part: the attestation is delivered from the sheet', async () => {
    const created = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { moduleId: 'donnees-personnelles', visio: 'https://visio.example.fr/donnees', capacite: 4, formateur: { username: 'mediateur', nom: 'Morgane Médiatrice' }, demiJournees: [{ date: '2099-09-07', periode: 'matin' }, { date: '2099-09-07', periode: 'apres-midi' }] },
    });
    expect(created.status).toBe(201);
    const registration = await h.call('POST', `/api/v1/formations/sessions/${created.json.id}/inscriptions`, { user: 'aidant', body: {} });
    expect(registration.status).toBe(201);
    // Present in the morning only.
    const attendance = await h.call('POST', `/api/v1/formations/sessions/${created.json.id}/presences`, { user: 'mediateur', body: { demiJournee: 1, presences: [{ inscriptionId: registration.json.id, present: true }] } });
    expect(attendance.status).toBe(200);

    const page = await login('mediateur', `/app/formations/sessions/${created.json.id}/emargement`);
    const row = page.getByRole('region', { name: 'Présences enregistrées' }).getByRole('row', { name: /Alex Aidant/ });
    await see(page, row.getByRole('button', { name: 'Valider le module : Alex Aidant' }));
    await expectAccessible(page, 'émargement, module suivi en partie');
    await row.getByRole('button', { name: 'Valider le module : Alex Aidant' }).click();
    await see(page, page.getByRole('status').filter({ hasText: /^Module validé : attestation délivrée à Alex Aidant \(code F-[A-Z0-9]{5}-[A-Z0-9]{5}\)\.$/ }));
    const mine = await h.call('GET', '/api/v1/formations/mes-attestations', { user: 'aidant' });
    expect((mine.json.items as Array<{ moduleId: string | null }>).filter((a) => a.moduleId === 'donnees-personnelles')).toHaveLength(1);
  });

  it('the animateur withdraws a certification granted by mistake from its verification page; a visitor never sees the action', async () => {
    // Dax's référent follows the whole path (two half-days, present at both): the certification.
    const created = await h.call('POST', '/api/v1/formations/sessions', {
      user: 'animateur',
      body: { parcoursId: 'parcours-aidant', visio: 'https://visio.example.fr/parcours', capacite: 4, formateur: { username: 'mediateur', nom: 'Morgane Médiatrice' }, demiJournees: [{ date: '2099-10-05', periode: 'matin' }, { date: '2099-10-05', periode: 'apres-midi' }] },
    });
    const registration = await h.call('POST', `/api/v1/formations/sessions/${created.json.id}/inscriptions`, { user: 'referent-dax', body: {} });
    expect(registration.status).toBe(201);
    for (const demiJournee of [1, 2]) {
      const r = await h.call('POST', `/api/v1/formations/sessions/${created.json.id}/presences`, { user: 'mediateur', body: { demiJournee, presences: [{ inscriptionId: registration.json.id, present: true }] } });
      expect(r.status).toBe(200);
    }
    const mine = await h.call('GET', '/api/v1/formations/mes-attestations', { user: 'referent-dax' });
    const code = (mine.json.items as Array<{ code: string; parcoursId: string | null }>).find((a) => a.parcoursId === 'parcours-aidant')!.code;

    const visitor = await web.newPage();
    await visitor.goto(h.url(`/app/formations/verifier/${code}`));
    await see(visitor, visitor.getByRole('heading', { level: 2, name: 'Attestation valide' }));
    expect(await visitor.getByRole('region', { name: 'Retirer la certification' }).count()).toBe(0);

    const page = await login('animateur', `/app/formations/verifier/${code}`);
    const section = page.getByRole('region', { name: 'Retirer la certification' });
    await see(page, section);
    await section.getByRole('button', { name: 'Retirer la certification' }).click();
    await see(page, section.getByRole('alert').getByRole('link', { name: 'Indiquez le motif du retrait : il est conservé avec l’attestation.' }));
    await section.getByLabel('Motif du retrait').fill('Présences saisies sur la mauvaise session.');
    await section.getByRole('button', { name: 'Retirer la certification' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer la certification' });
    await dialog.waitFor();
    await expectAccessible(page, 'retrait de certification, confirmation');
    await dialog.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await see(page, page.getByRole('status').filter({ hasText: `Certification retirée : l’attestation ${code} n’est plus valable.` }));
    await page.getByRole('heading', { level: 2, name: 'Attestation retirée : elle n’est plus valable' }).waitFor();
    expect(await page.getByRole('region', { name: 'Retirer la certification' }).count()).toBe(0);
    await expectAccessible(page, 'certification retirée');
    expect((await h.call('GET', `/api/v1/formations/attestations/${code}`)).json.statut).toBe('retiree');
  });
});
