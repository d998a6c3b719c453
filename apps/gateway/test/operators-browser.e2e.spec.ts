import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DEMO_STRUCTURES, OPERATOR_CLIENTS } from '@pin/contracts';
import { DEV_IDP_OPERATOR_CLIENT_SECRETS, fetchOperatorToken } from '@pin/testing';
import { expectAccessible, see, PHONE, expectNoSideScroll } from '@pin/testing/browser';
import { useBrowserPlatform } from './browser-platform';
import { eventually, PlatformHarness } from './platform.harness';

// Real Chromium against the built platform (`bash tools/build.sh` first), operators as machine
// clients through the API (dev-idp client credentials), two webhook receivers on 127.0.0.1
// verifying with the official standardwebhooks package. The Département's staff follows the CAF's
// subscription, delivery log and attempts, replays, rotates the secret and re-enables an endpoint
// disabled by a 410 (whose notice to the CAF's contact is shown); an aidant reads and acknowledges the CAF's announcement; the médiatrice of a
// Dax lieu says what became of an orientation; then the same pages on a 390 px phone. axe-core
// checks every page.
jest.setTimeout(180_000);

/** A receiver verifying every request; `answer(n)` gives the status of the n-th verified request. */
class Receiver {
  server!: Server;
  secret = '';
  readonly ids: string[] = [];
  constructor(private readonly answer: (n: number) => number) {}
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          new Webhook(this.secret).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        } catch {
          res.writeHead(401).end('signature');
          return;
        }
        this.ids.push(String(req.headers['webhook-id']));
        const status = this.answer(this.ids.length - 1);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `erreur ${status}`);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/pin`;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

describe('operators in Chromium: staff console, announcements, orientations', () => {
  const h = new PlatformHarness();
  // The CAF's main receiver fails once (503) then accepts; the other answers 410 Gone.
  const main = new Receiver((n) => (n === 0 ? 503 : 200));
  const gone = new Receiver(() => 410);
  let caf = '';
  const { login } = useBrowserPlatform(h, {
    start: async (start) => {
      await Promise.all([main.start(), gone.start()]);
      await start({}, {}, { operatorsEnv: { OPERATOR_CONTACTS: 'pin-caf=webhooks@caf.test', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300', WEBHOOK_SWEEP_MS: '500' } });
      caf = (await fetchOperatorToken(h.platform.issuer, DEV_IDP_OPERATOR_CLIENT_SECRETS[OPERATOR_CLIENTS.caf], OPERATOR_CLIENTS.caf)).access_token;
    },
    stop: () => Promise.all([main.stop(), gone.stop()]),
  });
  const asCaf = () => ({ token: caf });

  it('the staff sees the CAF’s subscription and delivery log, replays, rotates the secret and re-enables an endpoint', async () => {
    // The CAF (a machine client) declares two receivers subscribed to the lieux of the Landes.
    for (const r of [main, gone]) {
      const hook = await h.call('POST', '/api/v1/operateur/webhooks', { ...asCaf(), body: { url: r.url, description: r === main ? 'CAF des Landes' : 'Ancien serveur' } });
      expect(hook.status).toBe(201);
      r.secret = hook.json.secret;
      const sub = await h.call('POST', '/api/v1/operateur/abonnements', { ...asCaf(), body: { webhookId: hook.json.id, types: ['pin.directory.lieu.created.v1'], territoire: { departements: ['40'] } } });
      expect(sub.status).toBe(201);
    }
    const created = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: DEMO_STRUCTURES.montDeMarsan, nom: 'Espace numérique du Peyrouat', adresse: '12 rue du Peyrouat', commune: 'Mont-de-Marsan', code_postal: '40000',
        code_insee: '40192', latitude: 43.8981, longitude: -0.5089, services: ['aide-demarches-administratives'],
      },
    });
    expect(created.status).toBe(201);
    await eventually(async () => main.ids.length, (n) => n === 2, 20_000); // 503, then accepted
    await eventually(async () => (await h.call('GET', '/api/v1/operateur/webhooks', asCaf())).json.items, (v: { actif: boolean }[]) => v.some((x) => !x.actif), 20_000);

    const staff = await login('animateur', '/app/operateurs');
    await staff.getByRole('heading', { level: 1, name: 'Opérateurs' }).waitFor();
    const row = staff.getByRole('row', { name: /CAF \(pin-caf\)/ });
    await see(staff, row.getByText('1 désactivé'));
    await expectAccessible(staff, 'opérateurs, vue d’ensemble');
    await row.getByRole('link', { name: 'CAF (pin-caf)' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Opérateur CAF (pin-caf)' }).waitFor();

    // Endpoints: the 410 one is disabled, with its reason; the subscriptions say what and where.
    // In the endpoints' table (the notices' table below names the same address once its notice is recorded).
    const goneRow = staff.getByRole('table', { name: 'Points de réception de l’opérateur' }).getByRole('row', { name: new RegExp(gone.url.replace(/[.]/g, '\\.')) });
    await see(staff, goneRow.getByText('Désactivé', { exact: true }));
    await goneRow.getByText(/répondu 410/).waitFor();
    const subs = staff.getByRole('table', { name: 'Abonnements de l’opérateur' });
    await see(staff, subs.getByRole('row', { name: /Lieu créé/ }).first());
    expect(await subs.getByRole('row', { name: /départements 40/ }).count()).toBe(2);
    // The notice to the CAF's contact about the disabled endpoint is recorded and shown.
    const notice = staff.getByRole('table', { name: /^Avis adressés au contact/ }).getByRole('row', { name: /webhooks@caf\.test/ });
    await see(staff, notice.getByText(/répondu 410/));
    await notice.getByText(`PIN : votre point de réception ${gone.url} est désactivé`).click();
    await notice.getByText(/Les événements suivants sont gardés en attente/).waitFor();
    await expectAccessible(staff, 'opérateur, points de réception et abonnements');

    // The delivery log of the main endpoint: delivered at the second attempt; its attempt log.
    await staff.getByRole('button', { name: `Livraisons vers ${main.url}` }).click();
    const deliveries = staff.getByRole('table', { name: 'Livraisons, les plus récentes d’abord' });
    const delivery = deliveries.getByRole('row', { name: /Lieu créé/ });
    await see(staff, delivery.getByText('Livrée', { exact: true }));
    expect(await delivery.getByRole('cell', { name: '2', exact: true }).count()).toBe(1);
    await delivery.getByRole('button', { name: /^Journal/ }).click();
    const attempts = staff.getByRole('table', { name: /^Tentatives de la livraison/ });
    await see(staff, attempts.getByText('HTTP 503'));
    await attempts.getByText('HTTP 200').waitFor();
    await attempts.getByText('erreur 503').waitFor();
    await expectAccessible(staff, 'opérateur, journal des livraisons');

    // Replay of that delivery: the receiver gets it again with the same webhook-id.
    await delivery.getByRole('button', { name: /^Rejouer/ }).click();
    await see(staff, staff.getByText(/renvoi demandé \(même webhook-id\)/));
    await eventually(async () => main.ids.length, (n) => n === 3, 20_000);
    expect(main.ids[2]).toBe(main.ids[1]);

    // Replay since a date, from the form (the events of the last hour).
    const hourAgo = new Date(Date.now() - 3_600_000);
    const local = new Date(hourAgo.getTime() - hourAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await staff.getByLabel('Rejouer les événements reçus depuis le').fill(local);
    await staff.getByRole('button', { name: 'Rejouer', exact: true }).click();
    await see(staff, staff.getByText('1 livraison renvoyée, dans l’ordre.'));
    await eventually(async () => main.ids.length, (n) => n === 4, 20_000);

    // Secret rotation, confirmed: the new secret is shown once; deliveries carry both signatures meanwhile.
    await staff.getByRole('button', { name: `Nouveau secret pour ${main.url}` }).click();
    const dialog = staff.getByRole('dialog', { name: 'Changer le secret de signature' });
    await dialog.waitFor();
    await expectAccessible(staff, 'opérateur, rotation du secret');
    await dialog.getByRole('button', { name: 'Créer un nouveau secret' }).click();
    const secret = staff.locator('code.secret');
    await see(staff, secret);
    expect(await secret.textContent()).toMatch(/^whsec_/);

    // The 410 endpoint re-enabled after confirmation.
    await goneRow.getByRole('button', { name: /^Réactiver/ }).click();
    await staff.getByRole('dialog', { name: 'Réactiver le point de réception' }).getByRole('button', { name: 'Réactiver' }).click();
    await see(staff, staff.getByText(/est réactivé/));
    await goneRow.getByText('Actif', { exact: true }).waitFor();
    const hooks = await h.call('GET', '/api/v1/operateur/webhooks', asCaf());
    expect(hooks.json.items.every((x: { actif: boolean }) => x.actif)).toBe(true);

    // Neither an aidant nor the operator's token reaches the console.
    const aidant = await login('aidant', '/app/operateurs');
    await see(aidant, aidant.getByText('Cette page est réservée à d’autres profils que le vôtre.'));
    expect((await h.call('GET', '/api/v1/admin/operateurs', asCaf())).status).toBe(403);
  });

  it('an aidant reads the CAF’s announcement on the working space and marks it read', async () => {
    const titre = 'Nouveau simulateur de la prime d’activité';
    const pub = await h.call('POST', '/api/v1/operateur/annonces', {
      ...asCaf(),
      body: { titre, texte: 'Disponible dès lundi sur caf.fr.', lien: 'https://www.caf.fr/', demarches: ['famille'], territoire: { departements: ['40'] } },
    });
    expect(pub.status).toBe(201);
    await eventually(async () => (await h.call('GET', '/api/v1/annonces', { user: 'aidant' })).json.items, (v: { id: string }[]) => v.some((a) => a.id === pub.json.id), 20_000);

    const aidant = await login('aidant', '/app');
    const feed = aidant.getByRole('region', { name: 'Annonces des opérateurs' });
    await see(aidant, feed.getByRole('heading', { name: new RegExp(titre) }));
    await feed.getByText('Une annonce non lue.').waitFor();
    await expectAccessible(aidant, 'mon espace, annonces');
    await feed.getByRole('link', { name: /^Toutes les annonces/ }).click();
    await aidant.getByRole('heading', { level: 1, name: 'Annonces des opérateurs' }).waitFor();
    const article = aidant.getByRole('article', { name: new RegExp(titre) });
    await see(aidant, article.getByText('Nouvelle'));
    await article.getByText('Démarches concernées : Famille', { exact: false }).waitFor();
    await expectAccessible(aidant, 'annonces, non lue');
    await article.getByRole('button', { name: `Marquer comme lue : ${titre}` }).click();
    await see(aidant, aidant.getByText(`Annonce « ${titre} » marquée comme lue.`));
    await article.getByText('Lue', { exact: true }).waitFor();
    expect(await article.getByRole('button').count()).toBe(0);
    await expectAccessible(aidant, 'annonces, lue');
    // The CAF learns that a structure read it, never who.
    const mine = await h.call('GET', '/api/v1/operateur/annonces', asCaf());
    expect(mine.json.items[0]).toMatchObject({ id: pub.json.id, lectures: 1, structures: 1 });
  });

  it('the médiatrice of a Dax lieu says what became of an orientation', async () => {
    const dax = await h.call('POST', '/api/v1/lieux', {
      user: 'animateur',
      body: { structure_id: DEMO_STRUCTURES.dax, nom: 'Point numérique de Dax', adresse: '1 place de la Course', commune: 'Dax', code_postal: '40100', code_insee: '40088', latitude: 43.7102, longitude: -1.0536, services: ['aide-demarches-administratives'] },
    });
    expect(dax.status).toBe(201);
    // Once the operators service knows the lieu (directory event), the CAF orients a person there.
    const o = await eventually(
      () => h.call('POST', '/api/v1/operateur/orientations', { ...asCaf(), body: { lieuId: dax.json.id, demarche: 'famille', reference: 'CAF-40-0042' } }),
      (r) => r.status === 201,
      20_000,
    );

    const mediatrice = await login('mediateur', '/app/orientations');
    await mediatrice.getByRole('heading', { level: 1, name: 'Orientations reçues' }).waitFor();
    const row = mediatrice.getByRole('row', { name: /CAF-40-0042/ });
    await see(mediatrice, row.getByText('À traiter'));
    await row.getByText('Famille', { exact: false }).waitFor();
    await expectAccessible(mediatrice, 'orientations, à traiter');
    await row.getByRole('button', { name: 'Mettre à jour l’orientation CAF-40-0042' }).click();
    const dialog = mediatrice.getByRole('dialog', { name: 'Suite de l’orientation' });
    await dialog.waitFor();
    await dialog.getByLabel('La personne a été accompagnée').check();
    await expectAccessible(mediatrice, 'orientations, dialogue');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await see(mediatrice, mediatrice.getByText(/CAF-40-0042 : accompagnée\. L’opérateur en est informé\./));
    await row.getByText('Accompagnée').waitFor();
    const mine = await h.call('GET', '/api/v1/operateur/orientations', asCaf());
    expect(mine.json.items).toEqual([expect.objectContaining({ id: o.json.id, statut: 'accompagnee' })]);
    // The référent of another structure sees nothing of it.
    const other = await login('referent', '/app/orientations');
    await see(other, other.getByText('Aucune orientation vers vos lieux.'));
  });



  it('walks the three pages on a 390 px phone', async () => {
    const staff = await login('admin', '/app/operateurs/pin-caf', PHONE);
    await see(staff, staff.getByRole('table', { name: 'Points de réception de l’opérateur' }));
    await staff.getByRole('button', { name: `Livraisons vers ${main.url}` }).click();
    await see(staff, staff.getByRole('table', { name: 'Livraisons, les plus récentes d’abord' }).getByText('Livrée', { exact: true }).first());
    await staff.getByRole('button', { name: /^Journal/ }).first().click();
    await see(staff, staff.getByRole('table', { name: /^Tentatives de la livraison/ }));
    await expectNoSideScroll(staff, 'console opérateur');
    await expectAccessible(staff, 'console opérateur, téléphone');

    const aidant = await login('aidant', '/app/annonces', PHONE);
    await see(aidant, aidant.getByRole('article').first());
    await expectNoSideScroll(aidant, 'annonces');
    await expectAccessible(aidant, 'annonces, téléphone');

    const mediatrice = await login('mediateur', '/app/orientations', PHONE);
    await see(mediatrice, mediatrice.getByRole('row', { name: /CAF-40-0042/ }));
    await expectNoSideScroll(mediatrice, 'orientations');
    await expectAccessible(mediatrice, 'orientations, téléphone');
  });
});
