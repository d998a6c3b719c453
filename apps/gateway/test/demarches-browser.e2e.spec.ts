import { expectAccessible, expectFocus, expectNoSideScroll, PHONE, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): the animateur keeps the
// catalogue of démarches — adds one (errors first, then a duplicate identifier), renames it,
// deactivates it (it leaves the public list) and reactivates it; a référent has no such page.
// axe-core checks every state; the page at 390 px.
jest.setTimeout(180_000);

type Catalogue = { themes: Array<{ theme: string; demarches: Array<{ slug: string; libelle: string; actif: boolean }> }> };
const slugs = (c: Catalogue) => c.themes.flatMap((t) => t.demarches.map((d) => d.slug));

describe('the démarches catalogue in Chromium', () => {
  const h = new PlatformHarness();
  const { login } = useBrowserPlatform(h, { session: { serverErrors: true } });

  it('the animateur adds, renames, deactivates and reactivates a démarche', async () => {
    const page = await login('animateur', '/app');
    const nav = page.getByRole('navigation', { name: /principal/i });
    await see(page, nav.getByRole('button', { name: /Annuaire/ }));
    await nav.getByRole('button', { name: /Annuaire/ }).click();
    await nav.getByRole('link', { name: 'Démarches' }).click();
    await page.waitForURL(h.url('/app/demarches'));
    await see(page, page.getByRole('region', { name: 'Social et famille' }).getByRole('rowheader', { name: 'Allocations familiales et logement (CAF)' }));
    await expectAccessible(page, 'catalogue des démarches');

    const add = page.getByRole('region', { name: 'Ajouter une démarche' });
    await add.getByRole('button', { name: 'Ajouter la démarche' }).click();
    await see(page, add.getByRole('alert').getByRole('link', { name: 'Libellé : au moins 2 caractères.' }));
    await expectFocus(page, '.resume-erreurs');
    await expectAccessible(page, 'catalogue des démarches, erreurs');

    // The identifier follows the label until it is edited.
    await add.getByLabel('Libellé').fill('Prime d’activité');
    expect(await add.getByLabel('Identifiant').inputValue()).toBe('prime-d-activite');
    await add.getByLabel('Thème').fill('Social et famille');
    await add.getByRole('button', { name: 'Ajouter la démarche' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Démarche ajoutée : « Prime d’activité » (Social et famille).' }));
    const social = page.getByRole('region', { name: 'Social et famille' });
    await social.getByRole('row', { name: /Prime d’activité/ }).getByText('Active', { exact: true }).waitFor();
    expect(slugs((await h.call('GET', '/api/v1/demarches')).json as Catalogue)).toContain('prime-d-activite');

    // The same identifier again: said on the identifier's field.
    await add.getByLabel('Libellé').fill('Prime d’activité (bis)');
    await add.getByLabel('Identifiant').fill('prime-d-activite');
    await add.getByLabel('Thème').fill('Social et famille');
    await add.getByRole('button', { name: 'Ajouter la démarche' }).click();
    await see(page, add.getByRole('alert').getByRole('link', { name: 'La démarche « prime-d-activite » existe déjà.' }));

    // Renamed.
    await social.getByRole('button', { name: 'Modifier : Prime d’activité' }).click();
    const edit = page.getByRole('form', { name: 'Modifier « Prime d’activité »' });
    await edit.getByLabel('Libellé').fill('Prime d’activité (CAF)');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Démarche modifiée : « Prime d’activité (CAF) » (Social et famille).' }));

    // Deactivated after confirmation: out of the public list; then reactivated.
    await social.getByRole('button', { name: 'Désactiver : Prime d’activité (CAF)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Désactiver la démarche' });
    await dialog.waitFor();
    await expectAccessible(page, 'désactiver une démarche');
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Démarche désactivée : « Prime d’activité (CAF) ». Elle ne peut plus être choisie pour un lieu.' }));
    await social.getByRole('row', { name: /Prime d’activité \(CAF\)/ }).getByText('Désactivée', { exact: true }).waitFor();
    expect(slugs((await h.call('GET', '/api/v1/demarches')).json as Catalogue)).not.toContain('prime-d-activite');
    await social.getByRole('button', { name: 'Réactiver : Prime d’activité (CAF)' }).click();
    await see(page, page.getByRole('status').filter({ hasText: 'Démarche réactivée : « Prime d’activité (CAF) ».' }));
    expect(slugs((await h.call('GET', '/api/v1/demarches')).json as Catalogue)).toContain('prime-d-activite');
    await expectAccessible(page, 'catalogue des démarches, après');
  });

  it('fits a phone; a référent has no such page', async () => {
    const page = await login('animateur', '/app/demarches', PHONE);
    await see(page, page.getByRole('region', { name: 'Social et famille' }).getByRole('rowheader', { name: 'Allocations familiales et logement (CAF)' }));
    await expectNoSideScroll(page, 'catalogue des démarches');
    await expectAccessible(page, 'catalogue des démarches, téléphone');

    const referent = await login('referent', '/app/demarches');
    await see(referent, referent.getByText('Cette page est réservée à d’autres profils que le vôtre.'));
    expect((await h.call('PATCH', '/api/v1/demarches/caf', { user: 'referent', body: { actif: false } })).status).toBe(403);
  });
});
