import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expectAccessible, screenshotPath, useBrowserSession } from '@pin/testing/browser';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the public map and list
// with no reachable tile server, filters, the lieu page and its « signaler une erreur » form; a
// référent edits a lieu (field errors, optimistic-lock conflict); an animateur moderates the report
// and imports a file (progress bar, rejected-rows report). axe-core checks every page.
jest.setTimeout(240_000);

/** A local port nobody listens on: the tile server of this test is unreachable, like the internet here. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

const base = (nom: string, extra: Record<string, unknown>) => ({
  nom,
  adresse: '12 rue Victor Hugo',
  code_postal: '40000',
  commune: 'Mont-de-Marsan',
  code_insee: '40192',
  latitude: 43.8906,
  longitude: -0.4997,
  services: ['aide-demarches-administratives'],
  ...extra,
});

/** Elements under `scope` that stick out of the screen or clip their content (the page scrolling sideways included). */
function offScreen(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`page : ${document.documentElement.scrollWidth} px`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`${root} *`))) {
      if (el.closest('.visuellement-cache, .carte-lieux')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()} hors de l’écran : ${el.textContent?.slice(0, 50)}`);
      if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} coupé : ${el.textContent?.slice(0, 50)}`);
    }
    return out;
  }, scope);
}

describe('directory in Chromium: map and list, lieu page, signalement, référent edit, moderation, import', () => {
  const h = new PlatformHarness();
  let tilePort: number;
  /** Created lieux by name. */
  const ids: Record<string, string> = {};
  // The pages must never make the API fail (serverErrors).
  const web = useBrowserSession(
    { context: { timezoneId: 'Europe/Paris' }, serverErrors: true },
    {
      start: async () => {
        tilePort = await closedPort();
        await h.start({
          MAP_TILE_URL: `http://127.0.0.1:${tilePort}/tuiles/{z}/{x}/{y}.png`,
          MAP_TILE_ATTRIBUTION: '© contributeurs OpenStreetMap (test)',
          // Counters of this run only (the Redis is shared with other test runs).
          RATE_LIMIT_NAMESPACE: `pin:ratelimit:web-${randomUUID()}:`,
        });
      },
      stop: () => h.stop(),
    },
  );
  const newPage = (options: BrowserContextOptions = {}) => web.newPage(options);
  const login = (username: string, path: string) => web.login(h.url(path), h.platform.issuer, username);

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
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('erreurs-signalement');
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

    it('imports a file with a progress bar and reports the rejected rows with their line numbers', async () => {
      const exported = await h.call('GET', '/api/v1/export/lieux.csv');
      expect(exported.status).toBe(200);
      const [header, ...lieux] = parse(exported.text, { bom: true }) as string[][];
      // One lieu again under another source and another id (a possible duplicate of it only), and a
      // row without a name (line 3). Not the first exported row: the export is in id order, so that
      // would be any lieu, and a copy of the test médiathèque or of the demo one (56 m apart, similar
      // names) would be a possible duplicate of both.
      const original = lieux.find((row) => row[header.indexOf('id')] === ids['Tiers-lieu test sans horaires'])!;
      const copy = [...original];
      copy[header.indexOf('id')] = 'autre-source-1';
      const bad = [...copy];
      bad[header.indexOf('id')] = 'autre-source-2';
      bad[header.indexOf('nom')] = '';
      const csv = stringify([header, copy, bad]);

      const page = await login('animateur', '/app/imports');
      await page.getByRole('heading', { level: 1, name: 'Importer et exporter des lieux' }).waitFor();
      await expectAccessible(page, 'import');
      await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'lieux.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByLabel('Nom de la source', { exact: true }).fill('test-navigateur');
      await page.getByRole('button', { name: 'Importer' }).click();
      const progress = page.locator('progress#import-progression');
      await progress.waitFor();
      await page.getByText(/^Import terminé/).waitFor({ timeout: 60_000 });
      expect(await progress.getAttribute('value')).toBe('100');
      const rejected = page.getByRole('table', { name: 'Lignes rejetées et pourquoi' });
      await rejected.waitFor();
      const rows = await rejected.locator('tbody tr').allTextContents();
      expect(rows).toEqual([expect.stringMatching(/^3/)]);
      // The same lieu under another source is proposed as a possible duplicate, never merged silently.
      const doublons = page.getByRole('region', { name: 'Doublons possibles à examiner' });
      await doublons.getByText(/^1 doublon possible à examiner\.$/).waitFor();
      await expectAccessible(page, 'import terminé');
      await doublons.getByRole('button', { name: /^Ce sont deux lieux distincts/ }).click();
      await doublons.getByText('Lieux marqués comme distincts. Aucun doublon possible à examiner.').waitFor();
      for (const link of ['Lieux au standard v1.0.2 (CSV)', 'Structures data.inclusion (JSON)']) {
        const href = await page.getByRole('link', { name: link }).getAttribute('href');
        expect((await h.call('GET', href!)).status).toBe(200);
      }
    });

    it('edits the week of a lieu visually, says it in plain French, saves it and reads it back', async () => {
      const id = ids['Tiers-lieu test sans horaires'];
      const nextYear = new Date().getFullYear() + 1;
      const page = await login('referent', `/app/mes-lieux/${id}`);
      const form = page.locator('form.formulaire');
      await form.waitFor();
      const editor = page.getByRole('group', { name: 'Horaires d’ouverture' });
      const day = (name: string) => editor.getByRole('group', { name, exact: true });
      // No horaires yet: every day closed, « fermé les jours fériés » proposed.
      expect(await day('Lundi').getByRole('radio', { name: 'Fermé' }).isChecked()).toBe(true);
      await page.locator('#horaires-resume').getByText('Aucun horaire').waitFor();

      // Monday morning and afternoon, copied to the other weekdays; Saturday morning; a closed day next year.
      await day('Lundi').getByRole('radio', { name: 'Deux plages' }).check();
      await editor.getByLabel('Fermeture (lundi, 2e plage)').fill('17:30');
      await editor.getByRole('button', { name: 'Recopier le lundi du mardi au vendredi' }).click();
      await day('Samedi').getByRole('radio', { name: 'Une plage' }).check();
      await editor.getByLabel('Ouverture (samedi, 1re plage)').fill('09:00');
      await editor.getByLabel('Fermeture (samedi, 1re plage)').fill('08:00');
      await editor.getByRole('button', { name: 'Ajouter une exception' }).click();
      await editor.getByLabel('Date de l’exception 1').fill(`${nextYear}-01-02`);
      expect(await editor.getByRole('checkbox', { name: 'Fermé les jours fériés' }).isChecked()).toBe(true);

      // A closing time before the opening one: said in French on the field and in the summary, nothing saved.
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      const summary = page.locator('#erreurs-lieu');
      await summary.getByText('Samedi : l’heure de fermeture doit être après l’heure d’ouverture.').waitFor();
      expect(await editor.getByLabel('Fermeture (samedi, 1re plage)').getAttribute('aria-invalid')).toBe('true');
      await editor.locator('#horaires-jour-5-0-fin-erreur').getByText('l’heure de fermeture doit être après').waitFor();
      expect((await h.call('GET', `/api/v1/lieux/${id}`)).json.horaires).toBeNull();
      await expectAccessible(page, 'horaires avec une erreur');

      await editor.getByLabel('Fermeture (samedi, 1re plage)').fill('12:00');
      const resume = page.locator('#horaires-resume');
      await resume.getByText('Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h 30').waitFor();
      const lines = await resume.locator('li').allTextContents();
      expect(lines).toEqual([
        'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h 30',
        'Samedi : de 9 h à 12 h',
        'Dimanche : fermé',
        'Fermé les jours fériés',
        `Le 2 janvier ${nextYear} : fermé`,
      ]);
      await resume.getByText(/^Avec ces horaires, le lieu est (ouvert|fermé) en ce moment/).waitFor();
      await expectAccessible(page, 'éditeur d’horaires rempli');
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Modifications enregistrées.').waitFor();
      const expected = `Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off; ${nextYear} Jan 02 off`;
      expect((await h.call('GET', `/api/v1/lieux/${id}`)).json.horaires).toBe(expected);

      // Reopened: the visual editor reads the saved value back; the expert field holds the text.
      await page.reload();
      await form.waitFor();
      expect(await day('Lundi').getByRole('radio', { name: 'Deux plages' }).isChecked()).toBe(true);
      expect(await editor.getByLabel('Fermeture (mercredi, 2e plage)').inputValue()).toBe('17:30');
      expect(await day('Samedi').getByRole('radio', { name: 'Une plage' }).isChecked()).toBe(true);
      expect(await day('Dimanche').getByRole('radio', { name: 'Fermé' }).isChecked()).toBe(true);
      expect(await editor.getByLabel('Date de l’exception 1').inputValue()).toBe(`${nextYear}-01-02`);
      await editor.getByText('Saisie experte (syntaxe OpenStreetMap)').click();
      const expert = editor.getByLabel('Horaires au format opening_hours (facultatif)');
      expect(await expert.inputValue()).toBe(expected);
      // Text the library cannot read: a French message on the field, never the library's own.
      await expert.fill('Mo-Fr 09:00-');
      await editor.locator('.champ__erreur').getByText(/Ces horaires ne sont pas lisibles/).waitFor();
      expect(await editor.textContent()).not.toMatch(/Unexpected|token|syntax is not valid/i);
      await expectAccessible(page, 'saisie experte illisible');
      await expert.fill(expected);
      await resume.getByText('Samedi : de 9 h à 12 h').waitFor();

      // On a phone, the form and its hours editor fit the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await offScreen(page, 'main')).toEqual([]);
      await expectAccessible(page, 'éditeur d’horaires sur un téléphone');
      await page.screenshot({ path: screenshotPath('annuaire-horaires-telephone.png'), fullPage: true });

      const publicPage = await newPage();
      await publicPage.goto(h.url(`/lieux/${id}`));
      const horaires = publicPage.getByRole('region', { name: 'Horaires d’ouverture' });
      await horaires.getByText(/^Lundi : 9 h – 12 h, 14 h – 17 h 30$/).waitFor();
      await horaires.getByText('Fermé les jours fériés').waitFor();
    });

    it('reports the flagged lieux of an import by flag, links to the list filtered by flag and source, and opens unreadable hours in the expert field', async () => {
      const exported = await h.call('GET', '/api/v1/export/lieux.csv');
      const [header, ...rows] = parse(exported.text, { bom: true }) as string[][];
      const template = rows.find((row) => row[header.indexOf('id')] === ids['Médiathèque test du Marsan'])!;
      const row = (values: Record<string, string>) => {
        const out = [...template];
        for (const [k, v] of Object.entries(values)) out[header.indexOf(k)] = v;
        return out;
      };
      const csv = stringify([
        header,
        // Line 2: unreadable horaires (kept, flagged, withheld from the public); in Dax, far from the others.
        row({ id: 'signale-1', nom: 'Atelier test aux horaires illisibles', horaires: 'le mardi quand il fait beau', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '2 rue des Carmes', latitude: '43.7102', longitude: '-1.0536' }),
        // Line 3: a Mont-de-Marsan address placed in Provence (kept, flagged hors-departement).
        row({ id: 'signale-2', nom: 'Cyberespace test placé hors du département', latitude: '43.5297', longitude: '5.4474', horaires: 'Mo-Fr 09:00-12:00' }),
      ]);
      const page = await login('animateur', '/app/imports');
      await page.getByRole('heading', { level: 1, name: 'Importer et exporter des lieux' }).waitFor();
      await page.getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'signales.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByLabel('Nom de la source', { exact: true }).fill('test-signales');
      await page.getByRole('button', { name: 'Importer' }).click();
      await page.getByText(/^Import terminé : 2 lieux importés, aucune ligne rejetée, 2 lieux signalés\.$/).waitFor({ timeout: 60_000 });
      const flagged = page.getByRole('table', { name: 'Lieux importés mais signalés, par motif' });
      await flagged.waitFor();
      const byFlag = await flagged.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).slice(0, 3).map((c) => c.textContent?.replace(/Modifier le lieu de la ligne /g, '').trim())));
      expect(byFlag.sort()).toEqual([
        ['Horaires illisibles', '1', '2'],
        ['Position hors du département de la commune', '1', '3'],
      ]);
      await expectAccessible(page, 'rapport d’import par signalement');

      // The count links to the animateur's list, filtered by that flag and that source.
      await flagged.getByRole('link', { name: 'Voir ces lieux : Horaires illisibles, source test-signales' }).click();
      await page.waitForURL(h.url('/app/mes-lieux?flag=horaires-invalides&source=test-signales'));
      await page.getByRole('heading', { level: 1, name: 'Lieux de l’annuaire' }).waitFor();
      await page.getByText('1 lieu (signalement « Horaires illisibles », source « test-signales »).').waitFor();
      const table = page.getByRole('table', { name: 'Lieux de l’annuaire' });
      expect(await table.locator('tbody tr th').allTextContents()).toEqual(['Atelier test aux horaires illisibles (modifier)']);
      await table.locator('.badge', { hasText: 'Horaires illisibles' }).waitFor();
      expect(await page.getByLabel('Signalement', { exact: true }).inputValue()).toBe('horaires-invalides');
      expect(await page.getByLabel('Source', { exact: true }).inputValue()).toBe('test-signales');
      await expectAccessible(page, 'lieux filtrés par signalement');

      // The filters themselves: another flag, then any flag, of that source.
      await page.getByLabel('Signalement', { exact: true }).selectOption('hors-departement');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('1 lieu (signalement « Position hors du département de la commune », source « test-signales »).').waitFor();
      expect(await table.locator('tbody tr th').allTextContents()).toEqual(['Cyberespace test placé hors du département (modifier)']);
      expect(page.url()).toBe(h.url('/app/mes-lieux?flag=hors-departement&source=test-signales'));
      await page.getByLabel('Signalement', { exact: true }).selectOption('tous-signales');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('2 lieux (signalement « tous », source « test-signales »).').waitFor();
      await page.getByLabel('Source', { exact: true }).fill('pas une source');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.locator('#mes-lieux-source-erreur').getByText(/Nom de source invalide/).waitFor();
      expect(await page.getByLabel('Source', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'filtre de source invalide');

      // The unreadable horaires open in the expert field, with a notice; the visual editor comes back once they are cleared.
      await page.getByLabel('Source', { exact: true }).fill('test-signales');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('2 lieux (signalement « tous », source « test-signales »).').waitFor();
      await table.getByRole('link', { name: /Atelier test aux horaires illisibles/ }).click();
      const editor = page.getByRole('group', { name: 'Horaires d’ouverture' });
      await editor.getByText(/éditeur visuel ne sait pas afficher.*saisie experte/).waitFor();
      const expert = editor.getByLabel('Horaires au format opening_hours (facultatif)');
      expect(await expert.inputValue()).toBe('le mardi quand il fait beau');
      await editor.locator('.champ__erreur').getByText(/Ces horaires ne sont pas lisibles/).waitFor();
      expect(await editor.textContent()).not.toMatch(/Unexpected|token/i);
      await expectAccessible(page, 'horaires illisibles à corriger');
      await expert.fill('');
      await editor.getByRole('group', { name: 'Mardi', exact: true }).getByRole('radio', { name: 'Une plage' }).check();
      await page.locator('#horaires-resume').getByText('Mardi : de 9 h à 17 h').waitFor();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Modifications enregistrées.').waitFor();
      // Fixed: the lieu leaves the list of unreadable horaires.
      await page.goto(h.url('/app/mes-lieux?flag=horaires-invalides&source=test-signales'));
      await page.getByText('Aucun lieu (signalement « Horaires illisibles », source « test-signales »).').waitFor();
    });

    it('shows the current value of the lieu beside the reported one on the moderation card', async () => {
      const id = ids['Tiers-lieu test sans horaires'];
      const sent = await h.call('POST', `/api/v1/lieux/${id}/signalements`, { body: { motif: 'horaires', commentaire: 'Fermé le samedi depuis septembre.' } });
      expect(sent.status).toBe(201);
      const page = await login('animateur', '/app/signalements');
      const card = page.locator('li.signalement').filter({ hasText: 'Fermé le samedi depuis septembre.' });
      await card.waitFor();
      const reported = card.locator('.valeurs > div').filter({ has: page.getByRole('heading', { name: 'Valeur signalée' }) });
      const current = card.locator('.valeurs > div').filter({ has: page.getByRole('heading', { name: 'Valeur actuelle de la fiche' }) });
      await expect(reported.textContent()).resolves.toContain('Fermé le samedi depuis septembre.');
      await current.getByText('Samedi : de 9 h à 12 h').waitFor();
      await current.getByText('Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h 30').waitFor();
      await expect(current.textContent()).resolves.toContain('Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00');
      await expectAccessible(page, 'carte de modération avec la valeur actuelle');
      await card.getByLabel('Motif de la décision', { exact: true }).fill('Samedi retiré des horaires.');
      await card.getByRole('button', { name: 'Marquer comme corrigé' }).click();
      await page.getByText(/^Signalement sur « Tiers-lieu test sans horaires » marqué comme corrigé\. Aucun signalement à traiter\.$/).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/marqué comme corrigé/);
    });

    it('on a phone (390 × 844): the map is one tap away from the list, and the lieu page clips nothing', async () => {
      const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
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
