import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { DEMO_STRUCTURES, DEMO_USERS, REQUESTS, rpc, STREAMS, type AuthorizationDecision } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { nestRequest, personalDataIn } from '@pin/testing';
import { eventually, PlatformHarness } from './platform.harness';

// Shared by the mandates e2e specs (habilitations, mandates, mandates-journal): issue 4 through the
// gateway and NATS, on real PostgreSQL, NATS and Redis.

export const MDM = DEMO_STRUCTURES.montDeMarsan;
export const DAX = DEMO_STRUCTURES.dax;

/** The usager the aidant enters after checking her ID. */
export const DURAND = { nom: 'Durand', prenoms: 'Marie Louise', dateNaissance: '1950-03-02', lieuNaissance: 'Dax (40)', email: 'marie.durand@example.org', identiteVerifiee: true };

function subOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub as string;
}

/**
 * The platform, the aidants' subjects, another service's consumer of the mandates stream, the
 * authorization check as services send it, and fixtures made through the API.
 */
export class MandatesHarness extends PlatformHarness {
  nc!: NatsConnection;
  aidantSub!: string;
  mediateurSub!: string;
  /** Events of the mandates stream since start, as another service's consumer receives them. */
  readonly received: any[] = [];
  private sub: ConsumerMessages | undefined;

  override async start(...args: Parameters<PlatformHarness['start']>): Promise<void> {
    await super.start(...args);
    this.nc = await connectNats({ ...this.nats.endpoint(), name: 'test-mandates' });
    this.aidantSub = subOf(await this.token('aidant'));
    this.mediateurSub = subOf(await this.token('mediateur'));
    // Another service's consumer of the mandates stream (ordered consumer, from now on).
    const js = jetstream(this.nc);
    const jsm = await jetstreamManager(this.nc);
    await eventually(() => jsm.streams.info(STREAMS.mandates.name).then(() => true, () => false), (ok) => ok);
    const consumer = await js.consumers.get(STREAMS.mandates.name);
    const sub = await consumer.consume();
    this.sub = sub;
    void (async () => {
      for await (const m of sub) this.received.push({ subject: m.subject, at: Date.now(), event: m.json() });
    })();
  }

  override async stop(): Promise<void> {
    await this.sub?.close();
    await this.nc?.close();
    await super.stop();
  }

  /** The authorization check over NATS: the one place that knows its request envelope. */
  readonly check = (body: Record<string, unknown>) => nestRequest<AuthorizationDecision>(this.nc, REQUESTS.mandates.authorizationCheck, rpc({ body }));

  readonly count = async (sql: string, params: unknown[] = []) => (await this.query('mandates', sql, params))[0].n as number;

  /**
   * Makes a demo user a known member of their structures (they open their working space, as after
   * signing in) and returns their member id (subject), what a habilitation request names.
   */
  async member(user: string): Promise<string> {
    const r = await this.call('GET', '/api/v1/espace', { user });
    if (r.status !== 200) throw new Error(`espace of ${user}: HTTP ${r.status} ${r.text}`);
    return r.json.utilisateur.id;
  }

  /** The référent asks for a member's habilitation (the member signs in first). */
  async requestHabilitation(referent: string, structureId: string, member: string, prerequisites = { charteSignee: true, formationSuivie: true }) {
    const memberId = await this.member(member);
    return this.call('POST', '/api/v1/habilitations', { user: referent, body: { structureId, memberId, ...prerequisites } });
  }

  /** Habilitations granted by the animateur: the aidant in Mont-de-Marsan, the médiatrice in Dax. */
  async habilitateAidants(): Promise<void> {
    for (const [structureId, aidant, referent] of [[MDM, 'aidant', 'referent'], [DAX, 'mediateur', 'referent-dax']]) {
      const asked = await this.requestHabilitation(referent, structureId, aidant);
      const granted = await this.call('POST', `/api/v1/habilitations/${asked.json?.id}/accorder`, { user: 'animateur', body: {} });
      if (granted.status !== 200) throw new Error(`habilitation of ${aidant}: HTTP ${asked.status} then ${granted.status} ${granted.text}`);
    }
  }

  /**
   * Reads every journal entry written so far and looks for personal data in its hashed columns
   * (`data` and the id columns): demo users' names, e-mails and usernames, the usagers' identities,
   * e-mail and phone shapes, personal field names. Returns the findings and the actions seen.
   * (`aidant` and `usager` are also role words recorded as `par`: the key check covers them.)
   */
  async journalHashedPersonalData(extraKnown: string[] = []): Promise<{ findings: string[]; actions: string[] }> {
    const rows = await this.query('mandates', `SELECT seq, action, usager_id, structure_id, mandat_id, demarche, actor_sub, data FROM journal_entry ORDER BY seq`);
    const known = [
      ...DEMO_USERS.flatMap((u) => [u.name, u.email, ...(['aidant', 'usager'].includes(u.username) ? [] : [u.username])]),
      ...Object.values(DURAND).filter((v): v is string => typeof v === 'string'),
      ...extraKnown,
    ];
    return {
      findings: rows.flatMap((r) => personalDataIn(r, known).map((f) => `n° ${r.seq} ${r.action} ${f}`)),
      actions: [...new Set(rows.map((r) => r.action as string))].sort(),
    };
  }

  /** A usager created by the aidant; returns its id. */
  async createUsager(identity: Record<string, unknown> = DURAND): Promise<string> {
    const r = await this.call('POST', '/api/v1/usagers', { user: 'aidant', body: identity });
    if (r.status !== 201) throw new Error(`usager: HTTP ${r.status} ${r.text}`);
    return r.json.id;
  }

  /** A mandate created by the aidant (with consent); returns it as the API does. */
  async createMandate(usagerId: string, demarches: string[], dureeJours: number): Promise<any> {
    const r = await this.call('POST', '/api/v1/mandats', { user: 'aidant', headers: { 'idempotency-key': `k-${randomUUID()}` }, body: { usagerId, demarches, dureeJours, consentement: true } });
    if (r.status !== 201) throw new Error(`mandate: HTTP ${r.status} ${r.text}`);
    return r.json;
  }
}
