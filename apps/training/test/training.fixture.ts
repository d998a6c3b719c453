import { Outbox } from '@pin/messaging';
import { rpc, type UserContext } from '@pin/contracts';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { AttestationRepository } from '../src/attestations/attestation.repository';
import { AttestationsService } from '../src/attestations/attestations.service';
import { CompletionService } from '../src/attestations/completion.service';
import { CatalogueRepository } from '../src/catalogue/catalogue.repository';
import { CatalogueService } from '../src/catalogue/catalogue.service';
import { migrations } from '../src/migrations';
import { AttendanceService } from '../src/sessions/attendance.service';
import { RegistrationsService } from '../src/sessions/registrations.service';
import { SessionRepository } from '../src/sessions/session.repository';
import { SessionsService } from '../src/sessions/sessions.service';

export const STRUCTURE = '0a1b2c3d-0000-4000-8000-000000000001';
export const ANIMATEUR: UserContext = { sub: 'sub-animateur', username: 'animateur', name: 'Anne Animatrice', roles: ['animateur'], structures: [] };
export const FORMATEUR: UserContext = { sub: 'sub-formateur', username: 'formatrice', name: 'Morgane Médiatrice', roles: ['mediateur'], structures: [] };
export const REFERENT: UserContext = { sub: 'sub-referent', username: 'referent', name: 'Romain Référent', roles: ['referent'], structures: [STRUCTURE] };
export const aidant = (n: number | string): UserContext => ({ sub: `sub-aidant-${n}`, username: `aidant-${n}`, name: `Aidant ${n}`, roles: ['aidant'], structures: [STRUCTURE] });

/** The training services on a fresh real PostgreSQL database (migrations run), wired as Nest wires them. */
export async function trainingFixture(prefix: string, poolSize = 20) {
  const t: TestDataSource = await withTestDataSource({ prefix, migrations, applicationName: `${prefix}-spec`, poolSize });
  const ds = t.ds;
  const outbox = new Outbox(ds, 'pin/training');
  const sessionsRepo = new SessionRepository();
  const catalogueRepo = new CatalogueRepository();
  const attestationsRepo = new AttestationRepository();
  const completion = new CompletionService(attestationsRepo);
  const f = {
    t,
    ds,
    catalogue: new CatalogueService(ds, catalogueRepo),
    sessions: new SessionsService(ds, outbox, sessionsRepo, catalogueRepo),
    registrations: new RegistrationsService(outbox, sessionsRepo, completion),
    attendance: new AttendanceService(outbox, sessionsRepo, completion),
    attestations: new AttestationsService(ds, outbox, attestationsRepo, completion),
    /** A session on visio (no lieu needed) for a module or a path. */
    async session(o: { moduleId?: string; parcoursId?: string; capacite: number; demiJournees?: Array<{ date: string; periode: 'matin' | 'apres-midi' }> }) {
      const body = {
        ...(o.moduleId ? { moduleId: o.moduleId } : { parcoursId: o.parcoursId }),
        demiJournees: o.demiJournees ?? [{ date: '2099-03-02', periode: 'matin' }],
        visio: 'https://visio.example.org/salle-1',
        formateur: { username: FORMATEUR.username, nom: FORMATEUR.name },
        capacite: o.capacite,
      };
      return (await f.sessions.create(ANIMATEUR, rpc({ body }))) as { id: string; demiJournees: Array<{ rang: number }> };
    },
    register: (user: UserContext, sessionId: string, body: Record<string, unknown> = {}) => f.registrations.register(user, rpc({ params: { id: sessionId }, body })),
    outboxEvents: async (type: string) =>
      ((await ds.query(`SELECT payload FROM outbox WHERE subject = $1 ORDER BY created_at`, [type])) as Array<{ payload: string | object }>).map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload)),
  };
  return f;
}

/** The PinError code a promise rejects with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'OK';
}
