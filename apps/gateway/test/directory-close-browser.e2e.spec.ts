import { randomUUID } from 'node:crypto';
import { expectAccessible, expectFocus, expectNoSideScroll, PHONE, screenshotPath } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { base, createLieux } from './directory-browser.fixtures';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): a référent closes a lieu
// of their structure from its edit page, on a phone (a too long reason first, then the
// confirmation that says what follows); the lieu page says it is closed and the public search no
// longer finds it. A référent of another structure is not offered the action. axe-core checks every state.
jest.setTimeout(240_000);

const NOM = 'Relais numérique test des Arènes';
const MOTIF = 'Le relais a déménagé à la médiathèque du Marsan.';

describe('directory in Chromium: a référent closes a lieu', () => {
  const h = new PlatformHarness();
  let id = '';
  // The pages must never make the API fail (serverErrors).
  const { login } = useBrowserPlatform(h, {
    session: { context: { timezoneId: 'Europe/Paris' }, serverErrors: true },
    start: async (start) => {
      // Counters of this run only (the Redis is shared with other test runs).
      await start({ RATE_LIMIT_NAMESPACE: `pin:ratelimit:web-${randomUUID()}:` });
      id = (await createLieux(h, [base(NOM, { latitude: 43.8877, longitude: -0.5011, horaires: 'Mo-Fr 09:00-17:00' })]))[NOM];
    },
  });
  const search = () => h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('Arènes')}&pageSize=100`);
  const found = (r: Awaited<ReturnType<typeof search>>) => (r.json.items as { id: string }[]).some((l) => l.id === id);

  it('does not offer « Fermer ce lieu » to a référent of another structure (and the API refuses it)', async () => {
    const page = await login('referent-dax', `/app/mes-lieux/${id}`);
    await page.getByRole('heading', { level: 1, name: `Modifier « ${NOM} »` }).waitFor();
    await page.locator('form.formulaire').waitFor();
    expect(await page.getByRole('button', { name: 'Fermer ce lieu' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Fermer ce lieu' }).count()).toBe(0);
    await expectAccessible(page, 'lieu d’une autre structure');
    const refused = await h.call('POST', `/api/v1/lieux/${id}/fermeture`, { user: 'referent-dax', body: {} });
    expect(refused.status).toBe(403);
    expect((await h.call('GET', `/api/v1/lieux/${id}`)).json.statut).toBe('actif');
  });

  it('lets the référent close their lieu on a phone: reason checked, consequences confirmed, the lieu page says it is closed, the search drops it', async () => {
    expect(found(await eventually(search, (r) => r.status === 200 && found(r), 20_000))).toBe(true);
    const page = await login('referent', `/app/mes-lieux/${id}`, PHONE);
    await page.getByRole('heading', { level: 1, name: `Modifier « ${NOM} »` }).waitFor();
    const section = page.getByRole('region', { name: 'Fermer ce lieu' });
    await section.waitFor();
    await expectAccessible(page, 'fermeture proposée');
    await expectNoSideScroll(page, 'fermeture proposée');

    // A reason over 500 characters: said in the summary (which takes the focus) and on the field; nothing is sent.
    const motif = section.getByLabel(/^Motif de la fermeture/);
    await motif.fill('x'.repeat(501));
    await section.getByRole('button', { name: 'Fermer ce lieu' }).click();
    await expectFocus(page, '#erreurs-fermeture');
    await expect(page.locator('#erreurs-fermeture').textContent()).resolves.toContain('501 caractères : 500 au plus');
    expect(await motif.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expectAccessible(page, 'motif trop long');
    await expectNoSideScroll(page, 'motif trop long');

    // The confirmation says what follows; « Garder le lieu ouvert » changes nothing.
    await motif.fill(MOTIF);
    await section.getByRole('button', { name: 'Fermer ce lieu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fermer ce lieu définitivement' });
    await dialog.waitFor();
    const said = (await dialog.textContent()) ?? '';
    expect(said).toContain(`« ${NOM} » sera fermé`);
    expect(said).toContain('plus sur la carte ni dans la recherche');
    expect(said).toContain('sa page restera consultable');
    expect(said).toContain('opérateurs abonnés');
    expect(said).toContain('PIN ne permet pas de rouvrir un lieu fermé');
    await expectAccessible(page, 'confirmation de la fermeture');
    await expectNoSideScroll(page, 'confirmation de la fermeture');
    await dialog.getByRole('button', { name: 'Garder le lieu ouvert' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await h.call('GET', `/api/v1/lieux/${id}`)).json.statut).toBe('actif');

    await section.getByRole('button', { name: 'Fermer ce lieu' }).click();
    await dialog.getByRole('button', { name: 'Confirmer la fermeture' }).click();
    await expectFocus(page, '.notice--succes', { text: `Le lieu « ${NOM} » est fermé.` });
    await page.locator('#lieu-ferme').getByText('Ce lieu est fermé définitivement').waitFor();
    await expect(page.locator('#lieu-ferme').textContent()).resolves.toContain(`Motif : ${MOTIF}`);
    expect(await page.getByRole('region', { name: 'Fermer ce lieu' }).count()).toBe(0);
    await expectAccessible(page, 'lieu fermé (modification)');
    await expectNoSideScroll(page, 'lieu fermé (modification)');
    const closed = await h.call('GET', `/api/v1/lieux/${id}`);
    expect(closed.json).toMatchObject({ statut: 'ferme', closed_motif: MOTIF });

    // The form follows the new version: saving after closing is not a conflict.
    await page.locator('form.formulaire').getByRole('textbox', { name: 'Téléphone (facultatif)' }).fill('05 58 00 00 01');
    await page.locator('form.formulaire').getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Modifications enregistrées.').waitFor();

    // The public page of the lieu says it is closed, with the reason.
    await page.goto(h.url(`/lieux/${id}`));
    await page.getByRole('heading', { level: 1, name: NOM }).waitFor();
    await page.locator('.lieu__etat').getByText('Lieu fermé définitivement').waitFor();
    await page.getByText(`Motif : ${MOTIF}`).waitFor();
    await expect(page.getByRole('note').first().textContent()).resolves.toContain('ne figure plus sur la carte ni dans la recherche');
    await expectAccessible(page, 'page d’un lieu fermé');
    await expectNoSideScroll(page, 'page d’un lieu fermé');
    await page.screenshot({ path: screenshotPath('annuaire-lieu-ferme-telephone.png'), fullPage: true });

    // The public search no longer finds it (the index follows the event).
    const after = await eventually(search, (r) => r.status === 200 && !found(r), 20_000);
    expect(found(after)).toBe(false);
  });
});
