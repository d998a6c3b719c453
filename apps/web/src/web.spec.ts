import { api, loginUrl } from './app/api';
import { canListStructures, roleLabels } from './roles';
import { stubFetch } from './test-fetch';

describe('web app helpers', () => {
  const answer = stubFetch();

  it('names roles in French and hides technical ones', () => {
    expect(roleLabels(['referent', 'offline_access', 'admin', 'constructor'])).toEqual(['Référent de structure', 'Administrateur']);
    expect(roleLabels(['aidant', 'mediateur', 'animateur', 'usager', 'operateur'])).toEqual(['Aidant numérique', 'Médiateur numérique', 'Animateur du réseau', 'Usager', 'Opérateur']);
  });

  it('lists structures only for référents, animateurs and admins', () => {
    expect(canListStructures(['referent'])).toBe(true);
    expect(canListStructures(['aidant', 'usager'])).toBe(false);
  });

  it('returns only to a path of the app after login', () => {
    expect(loginUrl('/app')).toBe('/auth/login?returnTo=/app');
    expect(loginUrl('/app/structures')).toBe('/auth/login?returnTo=/app/structures');
    expect(loginUrl('//evil.example')).toBe('/auth/login?returnTo=/app');
    expect(loginUrl('/app?x=https://evil.example')).toBe('/auth/login?returnTo=/app');
  });

  it('passes the gateway’s French error message through', async () => {
    answer(new Response(JSON.stringify({ code: 'AUTH.FORBIDDEN', message: 'Interdit.' }), { status: 403 }));
    await expect(api.get('/api/v1/structures')).resolves.toEqual({ ok: false, status: 403, code: 'AUTH.FORBIDDEN', message: 'Interdit.' });
  });

  it('turns a network failure or a non-JSON answer into a French message', async () => {
    answer(new TypeError('Failed to fetch'));
    await expect(api.get('/api/v1/me')).resolves.toMatchObject({ ok: false, status: 0, message: expect.stringMatching(/^Impossible de joindre le serveur/) });
    answer(new Response('<html>Bad Gateway</html>', { status: 502 }));
    await expect(api.get('/api/v1/me')).resolves.toMatchObject({ ok: false, status: 502, message: expect.stringMatching(/momentanément indisponible/) });
  });

  it('sends the session cookie and returns the data', async () => {
    answer(new Response(JSON.stringify({ username: 'referent' }), { status: 200 }));
    await expect(api.get('/api/v1/me')).resolves.toEqual({ ok: true, data: { username: 'referent' } });
    expect(globalThis.fetch).toHaveBeenCalledWith('/api/v1/me', expect.objectContaining({ credentials: 'same-origin' }));
  });
});
