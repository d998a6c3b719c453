import { expectAccessible, see } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first): a référent asks for a
// member's habilitation, cancels it after a confirmation, asks again; the animateur refuses with a
// reason the référent then reads. The habilitation that precedes a mandate: mandates-browser.
// axe-core checks every page.
jest.setTimeout(180_000);

describe('habilitations in Chromium: cancelled request, refusal with its reason', () => {
  const h = new PlatformHarness();
  const { login } = useBrowserPlatform(h);

  it('lets a référent cancel a pending request, and read the reason of a refusal', async () => {
    await login('mediateur', '/app');
    const referent = await login('referent-dax', '/app/habilitations');
    const picker = referent.getByRole('group', { name: 'Aidant à habiliter' });
    await see(referent, picker.getByLabel('Morgane Médiatrice', { exact: true }));
    await picker.getByLabel('Morgane Médiatrice', { exact: true }).check();
    await referent.getByLabel('L’aidant a signé la charte de l’aidant.').check();
    await referent.getByRole('button', { name: 'Demander l’habilitation' }).click();
    await see(referent, referent.getByText('Demande envoyée à l’animateur du réseau.'));

    // Cancelled after a confirmation: the request ends, the member can be picked again.
    await referent.getByRole('row', { name: /Morgane Médiatrice/ }).getByRole('button', { name: /^Annuler la demande/ }).click();
    const dialog = referent.getByRole('dialog', { name: 'Annuler la demande d’habilitation' });
    await dialog.waitFor();
    await expectAccessible(referent, 'habilitations, annulation');
    await dialog.getByRole('button', { name: 'Annuler la demande' }).click();
    await see(referent, referent.getByText('Demande d’habilitation de Morgane Médiatrice : annulée.'));
    await referent.getByRole('row', { name: /Morgane Médiatrice/ }).getByText('Annulée').waitFor();
    await see(referent, picker.getByLabel('Morgane Médiatrice', { exact: true }));

    // Asked again; a refusal asks its reason, and the référent reads it.
    await picker.getByLabel('Morgane Médiatrice', { exact: true }).check();
    await referent.getByLabel('L’aidant a signé la charte de l’aidant.').check();
    await referent.getByRole('button', { name: 'Demander l’habilitation' }).click();
    await see(referent, referent.getByText('Demande envoyée à l’animateur du réseau.'));
    const animateur = await login('animateur', '/app/habilitations');
    await animateur.getByRole('row', { name: /Morgane Médiatrice/ }).getByRole('button', { name: /^Refuser/ }).click();
    const reason = animateur.getByLabel('Motif du refus pour Morgane Médiatrice');
    await reason.waitFor();
    await animateur.getByRole('button', { name: 'Confirmer le refus' }).click();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(animateur, 'habilitations, motif du refus');
    await reason.fill('Formation pas encore suivie');
    await animateur.getByRole('button', { name: 'Confirmer le refus' }).click();
    await see(animateur, animateur.getByText(/Morgane Médiatrice : refusée\./));
    await referent.reload();
    await referent.getByRole('row', { name: /Morgane Médiatrice/ }).getByText('Refusée (Formation pas encore suivie)').waitFor();
  });
});
