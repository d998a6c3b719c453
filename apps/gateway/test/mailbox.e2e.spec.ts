import { ImapFlow } from 'imapflow';
import { passwordOnLetter } from '@pin/testing';
import { MandatesHarness, MDM } from './mandates.harness';
import { eventually } from './platform.harness';

jest.setTimeout(240_000);

/** Whether an IMAP login succeeds on the platform's Dovecot. */
async function imapOk(port: number, user: string, pass: string): Promise<boolean> {
  const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.logout();
    return true;
  } catch {
    return false;
  }
}

// The mailbox service through the gateway with real processes: the real mandates service answers
// the authorization check, the project's Dovecot receives the mailbox; refused roles.
describe('mailbox: ethical mailboxes through the gateway', () => {
  const h = new MandatesHarness();
  let usagerId: string;
  let mailboxId: string;
  let address: string;

  beforeAll(async () => {
    h.withMailbox = true;
    await h.start();
    await h.habilitateAidants();
    usagerId = await h.createUsager();
    await h.createMandate(usagerId, ['social'], 31);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses the roles the policy does not name, and a mandate that does not cover the démarche', async () => {
    const body = { prenom: 'Marie', nom: 'Durand', demarche: 'social', consentement: true, structureId: MDM };
    expect((await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { body })).status).toBe(401);
    for (const user of ['usager', 'animateur', 'admin']) {
      expect({ user, status: (await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { user, body })).status }).toEqual({ user, status: 403 });
    }
    expect((await h.call('GET', '/api/v1/moi/messagerie', { user: 'aidant' })).status).toBe(403);
    const papiers = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { user: 'aidant', body: { ...body, demarche: 'papiers' } });
    expect(papiers.status).toBe(403);
    expect(papiers.json.code).toBe('MESSAGERIE.MANDATE_REQUIRED');
    const bad = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { user: 'aidant', body: { ...body, nom: '¤¤¤' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'ADRESSE.NAME_EMPTY']);
    const long = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie/propositions`, { user: 'aidant', body: { prenom: 'Marie', nom: 'x'.repeat(300), structureId: MDM } });
    expect([long.status, long.json.code]).toEqual([400, 'ADRESSE.NAME_TOO_LONG']);
  });

  it('the aidant requests a mailbox under the mandate, follows the job, prints the letter; the usager changes the password then logs in over IMAP', async () => {
    const proposed = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie/propositions`, { user: 'aidant', body: { prenom: 'Marie Louise', nom: 'Durand', structureId: MDM } });
    expect(proposed.status).toBe(200);
    expect(proposed.json.propositions[0]).toBe('marie-louise.durand@landesmail.fr');
    const created = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { user: 'aidant', body: { prenom: 'Marie Louise', nom: 'Durand', demarche: 'social', consentement: true, structureId: MDM } });
    expect(created.status).toBe(202);
    mailboxId = created.json.id;
    address = created.json.adresse;
    const done = await eventually(async () => (await h.call('GET', `/api/v1/messageries/${mailboxId}?structureId=${MDM}`, { user: 'aidant' })).json, (v: any) => v?.statut === 'active');
    expect(done).toMatchObject({ progression: 100, motDePasseAChanger: true, courrierDisponible: true });
    const again = await h.call('POST', `/api/v1/usagers/${usagerId}/messagerie`, { user: 'aidant', body: { prenom: 'Marie', nom: 'Durand', demarche: 'social', consentement: true, structureId: MDM } });
    expect([again.status, again.json.code]).toEqual([409, 'MESSAGERIE.ALREADY_EXISTS']);

    const letter = await fetch(h.url(`/api/v1/messageries/${mailboxId}/courrier.pdf?structureId=${MDM}`), { headers: { authorization: `Bearer ${await h.token('aidant')}` } });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(h.url(`/api/v1/messageries/${mailboxId}/courrier.pdf`), { headers: { authorization: `Bearer ${await h.token('usager')}` } })).status).toBe(403);
    const provisional = passwordOnLetter(Buffer.from(await letter.arrayBuffer()));

    const imapPort = h.platform.dovecot!.imapPort;
    const wrong = await h.call('POST', '/api/v1/moi/messagerie/mot-de-passe', { user: 'usager', body: { adresse: address, motDePasseActuel: 'pas-le-bon', nouveauMotDePasse: 'ma phrase de passe à moi' } });
    expect([wrong.status, wrong.json.code]).toEqual([400, 'MESSAGERIE.WRONG_PASSWORD']);
    expect(await imapOk(imapPort, address, provisional)).toBe(false); // must be changed first
    const changed = await h.call('POST', '/api/v1/moi/messagerie/mot-de-passe', { user: 'usager', body: { adresse: address, motDePasseActuel: provisional, nouveauMotDePasse: 'ma phrase de passe à moi' } });
    expect([changed.status, changed.json.motDePasseAChanger]).toEqual([200, false]);
    expect(await imapOk(imapPort, address, 'ma phrase de passe à moi')).toBe(true);
    const mine = await h.call('GET', '/api/v1/moi/messagerie', { user: 'usager' });
    expect([mine.status, mine.json.adresse]).toEqual([200, address]);
    const device = await h.call('POST', '/api/v1/moi/messagerie/mots-de-passe-application', { user: 'usager', body: { nom: 'Téléphone' } });
    expect(device.status).toBe(201);
    expect(device.json.derniere_utilisation).toBeNull();
    const before = Date.now();
    expect(await imapOk(imapPort, address, device.json.motDePasse)).toBe(true);
    // Dovecot's passdb stamps the device it matched: the usager sees when each device last logged in.
    const devices = (await h.call('GET', '/api/v1/moi/messagerie/mots-de-passe-application', { user: 'usager' })).json.items;
    expect(devices.map((i: any) => i.nom)).toEqual(['Téléphone']);
    expect(Date.parse(devices[0].derniere_utilisation)).toBeGreaterThanOrEqual(before - 1000);
    // A wrong device password logs nothing in and stamps nothing.
    expect(await imapOk(imapPort, address, `${device.json.motDePasse}x`)).toBe(false);
    expect((await h.call('GET', '/api/v1/moi/messagerie/quota', { user: 'usager' })).status).toBe(200);
  });

  it('the aidant suspends, reactivates and resets; unknown mailboxes are 404', async () => {
    const s = await h.call('POST', `/api/v1/messageries/${mailboxId}/suspension`, { user: 'aidant', body: { structureId: MDM } });
    expect([s.status, s.json.statut]).toEqual([200, 'suspendue']);
    expect((await h.call('POST', `/api/v1/messageries/${mailboxId}/suspension`, { user: 'usager', body: {} })).status).toBe(403);
    const r = await h.call('POST', `/api/v1/messageries/${mailboxId}/reactivation`, { user: 'aidant', body: { structureId: MDM } });
    expect([r.status, r.json.statut]).toEqual([200, 'active']);
    const reset = await h.call('POST', `/api/v1/messageries/${mailboxId}/reinitialisation`, { user: 'aidant', body: { structureId: MDM } });
    expect([reset.status, reset.json.courrierDisponible]).toEqual([200, true]);
    const q = await h.call('GET', `/api/v1/messageries/${mailboxId}/quota?structureId=${MDM}`, { user: 'aidant' });
    expect(q.status).toBe(200);
    expect(q.json).toMatchObject({ quotaMo: 1024, alerte: false });
    const missing = await h.call('POST', `/api/v1/messageries/${crypto.randomUUID()}/suspension`, { user: 'aidant', body: { structureId: MDM } });
    expect([missing.status, missing.json.code]).toEqual([404, 'MESSAGERIE.NOT_FOUND']);
    // Another structure's médiatrice does not see it.
    expect((await h.call('GET', `/api/v1/messageries/${mailboxId}`, { user: 'mediateur' })).status).toBe(404);
  });
});
