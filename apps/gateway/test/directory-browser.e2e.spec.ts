import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions } from 'playwright-core';
import { expectAccessible, screenshotPath, expectFocus, PHONE } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { base, closedPort, offScreen } from './directory-browser.fixtures';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the public map and list
// with no reachable tile server, filters, the lieu page and its « signaler une erreur » form; a
// référent edits a lieu (field errors, optimistic-lock conflict); an animateur moderates the report;
// the phone. Imports and the hours editor: directory-import-browser. axe-core checks every page.
jest.setTimeout(240_000);

describe('directory in Chromium: map and list, lieu page, signalement, référent edit, moderation, phone', () => {
  const h = new PlatformHarness();
  let tilePort: number;
  /** Created lieux by name. */
  const ids: Record<string, string> = {};
  // The pages must never make the API fail (serverErrors).
  const { web, login } = useBrowserPlatform(h, {
    session: { context: { timezoneId: 'Europe/Paris' }, serverErrors: true },
    start: async (start) => {
      tilePort = await closedPort();
      await start({
        MAP_TILE_URL: `http://127.0.0.1:${tilePort}/tuiles/{z}/{x}/{y}.png`,
        MAP_TILE_ATTRIBUTION: '© contributeurs OpenStreetMap (test)',
        // Counters of this run only (the Redis is shared with other test runs).
        RATE_LIMIT_NAMESPACE: `pin:ratelimit:web-${randomUUID()}:`,
      });
    },
  });
  const newPage = (options: BrowserContextOptions = {}) => web.newPage(options);

  it('gives the tile URL in the public configuration and lets the CSP load images from it only', async () => {
    const r = await h.call('GET', '/api/v1/config/public');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ carte: { tuiles: `http://127.0.0.1:${tilePort}/tuiles/{z}/{x}/{y}.png`, attribution: '© contributeurs OpenStreetMap (test)' } });
    const csp = (await h.call('GET', '/')).headers.get('content-security-policy') ?? '';
    const imgSrc = /img-src ([^;]*)/.exec(csp)?.[1].split(' ') ?? [];
    expect(imgSrc.sort()).toEqual(["'self'", 'data:', `http://127.0.0.1:${tilePort}`].sort());
    const lieuPage = await h.call('GET', '/lieux/00000000-0000-4000-8000-000000000000');
    expect(lieuPage.status).toBe(200);
    expect(lieuPage.text).toContain('<main id="contenu"');
  });

  describe('with lieux of the référent’s structure', () => {
    beforeAll(async () => {
      const structures = await h.call('GET', '/api/v1/structures', { user: 'referent' });
      expect(structures.status).toBe(200);
      const structureId = structures.json.items[0].id as string;
      const lieux = [
        base('Médiathèque test du Marsan', { horaires: 'Mo-Su 00:00-24:00', demarches: ['caf', 'impots'], telephone: '+33558000000', modalites_acces: ['se-presenter'], frais_a_charge: ['gratuit'] }),
        base('Espace test de Saint-Pierre', { latitude: 43.8801, longitude: -0.5102, horaires: 'Mo-Fr 09:00-12:00; PH off', demarches: ['carte-grise'] }),
        base('Tiers-lieu test sans horaires', { latitude: 43.9012, longitude: -0.4877, demarches: ['impots'] }),
      ];
      for (const data of lieux) {
        const r = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: { structure_id: structureId, ...data } });
        expect({ nom: data.nom, status: r.status, body: r.status === 201 ? 'ok' : r.json }).toEqual({ nom: data.nom, status: 201, body: 'ok' });
        ids[data.nom] = r.json.id;
      }
      // The search index follows the writes (eventually).
      await eventually(() => h.call('GET', '/api/v1/lieux?q=test&pageSize=100'), (r) => r.status === 200 && r.json.items.filter((l: { nom: string }) => l.nom.includes(' test ')).length === 3, 20_000);
      // For the phone walk: long address, e-mail and URL (created now: the API tokens of this spec are not renewed).
      const long = base('Espace test aux coordonnées particulièrement longues', {
        latitude: 43.8955,
        longitude: -0.4921,
        complement_adresse: 'Bâtiment administratif intercommunal, rez-de-chaussée, porte de gauche après l’accueil',
        courriels: ['accueil.mediation-numerique.permanences@mediatheque-intercommunale-du-marsan.fr'],
        site_web: ['https://www.mediatheque-intercommunale-du-marsan.fr/services/accompagnement-numerique/ateliers-et-permanences-hebdomadaires'],
        horaires: 'Tu-Sa 10:00-18:00; PH off',
      });
      const created = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: { structure_id: structureId, ...long } });
      expect(created.status).toBe(201);
      await eventually(() => h.call('GET', '/api/v1/lieux?q=particulièrement'), (r) => r.status === 200 && r.json.total === 1, 20_000);
    });

    it('shows the list and the clustered markers to an anonymous visitor with no tile server, filters by démarche and opens a lieu', async () => {
      const page = await newPage();
      await page.goto(h.url('/'));
      await page.getByRole('heading', { level: 1, name: 'Trouver un lieu d’accompagnement au numérique' }).waitFor();
      const status = page.locator('.annuaire__liste [role=status]');
      await expect(status.getAttribute('aria-live')).resolves.toBe('polite');
      await page.waitForFunction(() => /lieux? trouvés?/.test(document.querySelector('.annuaire__liste [role=status]')?.textContent ?? ''));
      const items = page.locator('ol.resultats > li');
      expect(await items.count()).toBeGreaterThanOrEqual(3);
      await page.getByRole('link', { name: 'Médiathèque test du Marsan' }).waitFor();
      // The map works without tiles: markers (or clusters of them) are drawn, keyboard-reachable.
      await page.locator('#carte-lieux .carte-repere, #carte-lieux .carte-groupe').first().waitFor();
      expect(await page.locator('#carte-lieux .leaflet-tile-loaded').count()).toBe(0);
      expect(await page.locator('#carte-lieux').getAttribute('tabindex')).toBe('0');
      await expectAccessible(page, 'carte et liste');

      // « Voir sur la carte » opens the marker's popup with a link to the lieu.
      await items.filter({ hasText: 'Médiathèque test du Marsan' }).getByRole('button', { name: /Voir sur la carte/ }).click();
      await page.locator('.leaflet-popup').getByRole('link', { name: 'Médiathèque test du Marsan' }).waitFor();

      // Filter by démarche: only the lieux that help with the CAF remain, and the count is announced.
      await page.getByText('Démarches et autres critères').click();
      await page.locator('input[name=demarches][value=caf]').check();
      await page.getByRole('button', { name: 'Rechercher' }).click();
      const caf = (await h.call('GET', '/api/v1/lieux?demarches=caf&pageSize=100')).json as { total: number; items: { nom: string }[] };
      expect(caf.items.map((l) => l.nom)).toContain('Médiathèque test du Marsan');
      const expected = caf.total === 1 ? '1 lieu trouvé.' : `${caf.total} lieux trouvés.`;
      await page.waitForFunction((text) => document.querySelector('.annuaire__liste [role=status]')?.textContent === text, expected);
      expect(page.url()).toContain('demarches=caf');
      const names = await items.locator('h3').allTextContents();
      expect(names.sort()).toEqual(caf.items.map((l) => l.nom).sort());
      expect(names).not.toContain('Espace test de Saint-Pierre');
      await expect(items.filter({ hasText: 'Médiathèque test du Marsan' }).textContent()).resolves.toContain('Ouvert maintenant');
      await expectAccessible(page, 'liste filtrée');
      await page.screenshot({ path: screenshotPath('annuaire-carte.png'), fullPage: true });

      // « Ouvert maintenant » keeps the always-open lieu and drops the one without horaires.
      await page.goto(h.url('/?demarches=impots&ouvert=maintenant'));
      await page.waitForFunction(() => /trouvé/.test(document.querySelector('.annuaire__liste [role=status]')?.textContent ?? ''));
      await page.getByRole('link', { name: 'Médiathèque test du Marsan' }).waitFor();
      expect(await items.locator('h3').allTextContents()).not.toContain('Tiers-lieu test sans horaires');
      await expect(page.locator('ol.resultats .badge--ferme, ol.resultats .badge--inconnu').count()).resolves.toBe(0);

      await page.getByRole('link', { name: 'Médiathèque test du Marsan' }).click();
      await page.waitForURL(h.url(`/lieux/${ids['Médiathèque test du Marsan']}`));
      await page.getByRole('heading', { level: 1, name: 'Médiathèque test du Marsan' }).waitFor();
      await page.locator('.lieu__etat').getByText('Ouvert maintenant').waitFor();
      const horaires = page.getByRole('region', { name: 'Horaires d’ouverture' });
      await expect(horaires.textContent()).resolves.toMatch(/24 h\/24|Lundi/);
      const main = await page.locator('main').textContent();
      expect(main).toContain('Aide aux démarches administratives');
      expect(main).toContain('05 58 00 00 00');
      expect(main).toMatch(/CAF/);
      const route = page.getByRole('link', { name: /Itinéraire vers ce lieu/ });
      expect(await route.getAttribute('href')).toBe('https://www.openstreetmap.org/directions?to=43.890600%2C-0.499700');
      await expectAccessible(page, 'page d’un lieu');
    });

    it('sorts the lieux by distance around the visitor, or around a point chosen on the map', async () => {
      const page = await newPage({ geolocation: { latitude: 43.9012, longitude: -0.4877 }, permissions: ['geolocation'] });
      await page.goto(h.url('/'));
      await page.waitForFunction(() => /trouvé/.test(document.querySelector('.annuaire__liste [role=status]')?.textContent ?? ''));
      await page.getByRole('button', { name: 'Autour de moi' }).click();
      await page.waitForURL(/lat=43\.9012/);
      const first = page.locator('ol.resultats > li').first();
      await first.getByRole('link', { name: 'Tiers-lieu test sans horaires' }).waitFor();
      await expect(first.locator('.resultat__distance').textContent()).resolves.toMatch(/^à \d+ m$/);
      await page.getByText('Les lieux sont triés du plus proche au plus éloigné du point choisi.').waitFor();

      await page.getByRole('button', { name: 'Choisir un point sur la carte' }).click();
      await page.getByText('Cliquez sur la carte à l’endroit voulu.').waitFor();
      const map = page.locator('#carte-lieux');
      const box = (await map.boundingBox())!;
      await map.click({ position: { x: 40, y: box.height - 40 } });
      await page.waitForURL((url) => url.searchParams.get('lat') !== '43.90120');
      await page.waitForFunction(() => /trouvé/.test(document.querySelector('.annuaire__liste [role=status]')?.textContent ?? ''));
      await page.getByRole('button', { name: 'Ne plus trier par distance' }).click();
      await page.waitForURL((url) => !url.searchParams.has('lat'));
    });

    it('checks and sends a signalement from the lieu page', async () => {
      const page = await newPage();
      await page.goto(h.url(`/lieux/${ids['Espace test de Saint-Pierre']}`));
      await page.getByRole('heading', { level: 1, name: 'Espace test de Saint-Pierre' }).waitFor();
      const form = page.getByRole('form', { name: 'Signaler une erreur' });
      await form.getByLabel('Votre adresse e-mail (facultatif)').fill('pas-une-adresse');
      await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
      const summary = page.locator('#erreurs-signalement');
      await summary.getByText('Choisissez ce qui est inexact.').waitFor();
      await expect(summary.textContent()).resolves.toContain('Adresse e-mail invalide');
      await expectFocus(page, '#erreurs-signalement');
      expect(await form.getByLabel('Votre adresse e-mail (facultatif)').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'signalement avec erreurs');

      await form.getByRole('radio', { name: 'Les horaires sont faux' }).check();
      await form.getByLabel(/^Précisez/).fill('Le lieu est aussi ouvert le samedi matin.');
      await form.getByLabel('Votre adresse e-mail (facultatif)').fill('usager@example.fr');
      await form.getByRole('button', { name: 'Envoyer le signalement' }).click();
      await page.getByText('Merci, votre signalement a été envoyé.').waitFor();
      await expectAccessible(page, 'signalement envoyé');
    });

    it('lets a référent edit a lieu of their structure, with French field errors and the conflict message', async () => {
      const page = await login('referent', '/app/mes-lieux');
      await page.getByRole('heading', { level: 1, name: 'Mes lieux' }).waitFor();
      await page.getByRole('link', { name: /Espace test de Saint-Pierre/ }).click();
      await page.waitForURL(h.url(`/app/mes-lieux/${ids['Espace test de Saint-Pierre']}`));
      const form = page.locator('form.formulaire');
      await form.waitFor();
      expect(await form.getByLabel('Nom', { exact: true }).inputValue()).toBe('Espace test de Saint-Pierre');
      expect(await form.getByRole('checkbox', { name: 'Aide aux démarches administratives' }).isChecked()).toBe(true);
      await expectAccessible(page, 'modification d’un lieu');

      // A value the API refuses: the message is shown on the field.
      await form.getByLabel('Code postal', { exact: true }).fill('4O000');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('#erreurs-lieu').getByText(/Code postal/).waitFor();
      expect(await form.getByLabel('Code postal', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'modification refusée');

      await form.getByLabel('Code postal', { exact: true }).fill('40000');
      await form.getByLabel('Nom', { exact: true }).fill('Espace test de Saint-Pierre-du-Mont');
      await form.getByRole('checkbox', { name: 'Allocations familiales et logement (CAF)' }).check();
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Modifications enregistrées.').waitFor();
      const saved = await h.call('GET', `/api/v1/lieux/${ids['Espace test de Saint-Pierre']}`);
      expect(saved.json.nom).toBe('Espace test de Saint-Pierre-du-Mont');
      expect(JSON.stringify(saved.json.demarches)).toContain('caf');

      // Someone else saves in between: the form says so and keeps the user's text.
      const other = await h.call('PATCH', `/api/v1/lieux/${ids['Espace test de Saint-Pierre']}`, { user: 'animateur', body: { version: saved.json.version, presentation_resume: 'Modifié par l’animateur.' } });
      expect(other.status).toBe(200);
      await form.getByLabel('Nom', { exact: true }).fill('Espace test — nom en conflit');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator('#erreurs-lieu').getByText(/modifié par quelqu’un d’autre/).waitFor();
      expect(await form.getByLabel('Nom', { exact: true }).inputValue()).toBe('Espace test — nom en conflit');
      expect((await h.call('GET', `/api/v1/lieux/${ids['Espace test de Saint-Pierre']}`)).json.nom).toBe('Espace test de Saint-Pierre-du-Mont');
    });

    it('shows the signalement to the animateur, who rejects it with a reason', async () => {
      const page = await login('animateur', '/app/signalements');
      await page.getByRole('heading', { level: 1, name: 'Signalements à traiter' }).waitFor();
      const card = page.locator('li.signalement').filter({ hasText: 'Le lieu est aussi ouvert le samedi matin.' });
      await card.waitFor();
      await expect(card.textContent()).resolves.toContain('Les horaires sont faux');
      expect(await card.textContent()).not.toContain('usager@example.fr');
      await expectAccessible(page, 'file de modération');
      await card.getByRole('button', { name: 'Rejeter le signalement' }).click();
      await card.getByText('Indiquez pourquoi ce signalement est rejeté.').first().waitFor();
      await expectAccessible(page, 'modération, motif manquant');
      await card.getByLabel('Motif de la décision', { exact: true }).fill('Horaires vérifiés par téléphone : ils sont justes.');
      await card.getByRole('button', { name: 'Rejeter le signalement' }).click();
      await page.getByText(/^Signalement sur « Espace test de Saint-Pierre-du-Mont » rejeté\. Aucun signalement à traiter\.$/).waitFor();
      const list = await h.call('GET', '/api/v1/signalements?statut=rejete', { user: 'animateur' });
      expect(JSON.stringify(list.json)).toContain('Horaires vérifiés par téléphone');
    });

    it('on a phone (390 × 844): the map is one tap away from the list, and the lieu page clips nothing', async () => {
      const page = await newPage(PHONE);
      const overflow = () => offScreen(page, 'main');
      await page.goto(h.url('/'));
      await page.waitForFunction(() => /trouvés?/.test(document.querySelector('.annuaire__liste [role=status]')?.textContent ?? ''));
      expect(await page.locator('ol.resultats > li').count()).toBeGreaterThanOrEqual(4);
      const toMap = page.getByRole('button', { name: 'Carte', exact: true });
      // The « Carte » button comes before the results: no need to scroll past them.
      expect((await toMap.boundingBox())!.y).toBeLessThan((await page.locator('ol.resultats > li').first().boundingBox())!.y);
      expect(await page.locator('#carte-lieux').isVisible()).toBe(false);
      expect(await overflow()).toEqual([]);
      await expectAccessible(page, 'téléphone : liste');

      await toMap.click();
      expect(await toMap.getAttribute('aria-pressed')).toBe('true');
      await page.locator('#carte-lieux .carte-repere, #carte-lieux .carte-groupe').first().waitFor({ state: 'visible' });
      expect(await page.locator('ol.resultats').isVisible()).toBe(false);
      const map = (await page.locator('#carte-lieux').boundingBox())!;
      expect(map.width).toBeGreaterThan(300);
      expect(map.height).toBeGreaterThan(300);
      expect(await overflow()).toEqual([]);
      await expectAccessible(page, 'téléphone : carte');

      await page.getByRole('button', { name: 'Liste', exact: true }).click();
      await page.getByRole('link', { name: 'Espace test aux coordonnées particulièrement longues' }).click();
      await page.getByRole('heading', { level: 1, name: 'Espace test aux coordonnées particulièrement longues' }).waitFor();
      await page.getByRole('link', { name: 'accueil.mediation-numerique.permanences@mediatheque-intercommunale-du-marsan.fr' }).waitFor();
      expect(await overflow()).toEqual([]);
      await expectAccessible(page, 'téléphone : page d’un lieu');
      await page.screenshot({ path: screenshotPath('annuaire-lieu-telephone.png'), fullPage: true });
    });
  });
});
