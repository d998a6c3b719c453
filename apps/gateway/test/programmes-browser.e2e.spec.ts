import { expectAccessible, see, expectFocus } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first), on a phone-sized page:
// the animateur edits the territorial label (a new level moved up, a criterion retired, the
// validity), meets the error summary on a blank level, and saves a new version. axe-core checks
// every state.
jest.setTimeout(240_000);

describe('programme editor in Chromium (390 px)', () => {
  const h = new PlatformHarness();
  const { login } = useBrowserPlatform(h, { withLabelling: true });

  it('the animateur adds and moves a level, retires a criterion, changes the validity and saves version 2', async () => {
    const page = await login('animateur', '/app/programmes-label');
    await page.setViewportSize({ width: 390, height: 844 });
    await see(page, page.getByRole('heading', { name: 'Label territorial du réseau d’inclusion numérique (version 1)' }));
    await expectAccessible(page, 'programmes, éditeur');

    // A new level left blank: the error summary takes the focus and links to the field.
    await page.getByRole('button', { name: 'Ajouter un niveau' }).first().click();
    // The editor moves the focus to the new level's name once it is drawn (a timer after the click).
    await expectFocus(page, 'input[id^="niveau-"]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).toMatch(/^niveau-\d+$/);
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Niveau 4 : le nom est obligatoire.' });
    await see(page, summary);
    await expectFocus(page, '.resume-erreurs');
    await expectAccessible(page, 'programmes, niveau sans nom');
    await summary.getByRole('link', { name: 'Niveau 4 : le nom est obligatoire.' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).toMatch(/^niveau-\d+$/);

    await page.getByLabel('Nom du niveau 4').fill('Lieu expert');
    await page.getByRole('button', { name: 'Monter le niveau 4 « Lieu expert »' }).click();
    await see(page, page.getByRole('button', { name: 'Monter le niveau 3 « Lieu expert »' }));
    await page.getByRole('button', { name: 'Retirer le critère 7' }).click();
    await see(page, page.getByRole('button', { name: 'Rétablir le critère 7' }));
    await page.getByLabel('Durée de validité du label (en mois)').fill('12');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await see(page, page.getByText('Version 2 enregistrée. Les dossiers déjà ouverts gardent les règles de leur version.'));
    await see(page, page.getByRole('heading', { name: 'Label territorial du réseau d’inclusion numérique (version 2)' }));
    await expectAccessible(page, 'programmes, version enregistrée');
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const saved = await h.call('GET', '/api/v1/labellisation/programmes/pin-territorial');
    expect(saved.json.version).toBe(2);
    expect(saved.json.validiteMois).toBe(12);
    expect(saved.json.niveaux.map((n: { id: string }) => n.id)).toEqual(['accueil', 'accompagnement', 'lieu-expert', 'reference']);
    expect(saved.json.criteres.find((c: { id: string }) => c.id === 'acces-pmr')).toMatchObject({ retire: true });
  });
});
