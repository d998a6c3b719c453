import { DEMARCHES, DUREES, demarcheLabel, frCalendarDate } from './demarches';
import { idempotencyKey, sendJson } from './http';
import { stubFetch } from '../test-fetch';

describe('mandates pages: helpers', () => {
  const answer = stubFetch();

  it('offers the ten démarches of Aidants Connect and its four durations', () => {
    expect(DEMARCHES.map((d) => d.slug)).toEqual(['papiers', 'famille', 'social', 'travail', 'logement', 'transports', 'argent', 'justice', 'etranger', 'loisirs']);
    expect(demarcheLabel('etranger')).toBe('Étranger - Europe');
    expect(demarcheLabel('inconnue')).toBe('inconnue');
    expect(DUREES.map((d) => d.jours)).toEqual([1, 31, 182, 365]);
  });

  it('prints a birth date without shifting it by a time zone', () => {
    expect(frCalendarDate('1950-03-02')).toBe('02/03/1950');
  });

  it('makes a fresh version-4 UUID per submission', () => {
    const a = idempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKey()).not.toBe(a);
  });

  it('sends JSON with the session cookie and the idempotency key', async () => {
    answer(new Response(JSON.stringify({ id: 'm1' }), { status: 201 }));
    await expect(sendJson('POST', '/api/v1/mandats', { a: 1 }, { 'idempotency-key': 'k-123456' })).resolves.toEqual({ ok: true, data: { id: 'm1' } });
    expect(globalThis.fetch).toHaveBeenCalledWith(
      '/api/v1/mandats',
      expect.objectContaining({ method: 'POST', credentials: 'same-origin', body: '{"a":1}', headers: expect.objectContaining({ 'content-type': 'application/json', 'idempotency-key': 'k-123456' }) }),
    );
  });

  it('keeps the error code, the French message and the details (duplicate candidates)', async () => {
    answer(new Response(JSON.stringify({ code: 'USAGER.POSSIBLE_DUPLICATE', message: 'Doublon possible.', details: { candidats: [{ id: 'u1' }] } }), { status: 409 }));
    await expect(sendJson('POST', '/api/v1/usagers', {})).resolves.toEqual({ ok: false, status: 409, code: 'USAGER.POSSIBLE_DUPLICATE', message: 'Doublon possible.', details: { candidats: [{ id: 'u1' }] } });
    answer(new TypeError('Failed to fetch'));
    await expect(sendJson('POST', '/api/v1/usagers', {})).resolves.toMatchObject({ ok: false, status: 0, message: expect.stringMatching(/^Impossible de joindre le serveur/) });
    answer(new Response('<html>502</html>', { status: 502 }));
    await expect(sendJson('POST', '/api/v1/usagers', {})).resolves.toMatchObject({ ok: false, status: 502, code: 'HTTP.502', message: expect.stringMatching(/momentanément indisponible/) });
  });
});
