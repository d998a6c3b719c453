import { randomUUID } from 'node:crypto';
import { Outbox } from '@pin/messaging';
import { rpc, type UserContext } from '@pin/contracts';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { CharterService } from '../src/charter/charter.service';
import { DossiersService } from '../src/dossiers/dossiers.service';
import { ChainedJournal } from '../src/journal/journal';
import { LabelsService } from '../src/labels/labels.service';
import { migrations } from '../src/migrations';
import { FundingService } from '../src/pass/funding.service';
import { LedgerService } from '../src/pass/ledger.service';
import { PassCodes } from '../src/pass/pass-code';
import { ProgrammeRepository } from '../src/programmes/programme.repository';
import { ProgrammesService } from '../src/programmes/programmes.service';

export const STRUCTURE = '0a1b2c3d-0000-4000-8000-000000000001';
export const OTHER_STRUCTURE = '0a1b2c3d-0000-4000-8000-000000000002';
export const MISSION_LOCALE = '0a1b2c3d-0000-4000-8000-000000000003';
export const ANIMATEUR: UserContext = { sub: 'sub-animateur', username: 'animateur', roles: ['animateur'], structures: [] };
/** An animateur who also belongs to STRUCTURE: may not review its dossiers. */
export const ANIMATEUR_OF_STRUCTURE: UserContext = { sub: 'sub-animateur-2', username: 'animateur2', roles: ['animateur'], structures: [STRUCTURE] };
export const REFERENT: UserContext = { sub: 'sub-referent', username: 'referent', roles: ['referent'], structures: [STRUCTURE] };
export const OTHER_REFERENT: UserContext = { sub: 'sub-referent-2', username: 'referent2', roles: ['referent'], structures: [OTHER_STRUCTURE] };
export const AIDANT: UserContext = { sub: 'sub-aidant', username: 'aidant', roles: ['aidant'], structures: [STRUCTURE] };
export const PRESCRIBER: UserContext = { sub: 'sub-conseiller', username: 'conseiller', roles: ['aidant'], structures: [MISSION_LOCALE] };
export const PASS_KEY = 'test-pass-key-0123456789';

/** The labelling services on a fresh real PostgreSQL database (migrations run), wired as Nest wires them. */
export async function labellingFixture(prefix: string, poolSize = 20) {
  const t: TestDataSource = await withTestDataSource({ prefix, migrations, applicationName: `${prefix}-spec`, poolSize });
  const ds = t.ds;
  const outbox = new Outbox(ds, 'pin/labelling');
  const journal = new ChainedJournal(ds);
  const programmes = new ProgrammeRepository();
  const labels = new LabelsService(outbox, journal, programmes);
  const codes = new PassCodes(PASS_KEY);
  const f = {
    t,
    ds,
    journal,
    codes,
    labels,
    dossiers: new DossiersService(outbox, journal, programmes, labels),
    programmes: new ProgrammesService(ds, programmes, outbox, journal),
    charter: new CharterService(outbox, journal),
    ledger: new LedgerService(outbox, journal, codes),
    funding: new FundingService(outbox, journal),
    /** A lieu as the directory's events left it in the projection. */
    async lieu(structureId = STRUCTURE): Promise<string> {
      const id = randomUUID();
      await ds.query(`INSERT INTO known_lieu (id, structure_id, statut, source_version) VALUES ($1, $2, 'actif', 1)`, [id, structureId]);
      return id;
    },
    async certify(aidantSub: string): Promise<void> {
      await ds.query(`INSERT INTO known_certification (aidant_sub, path_id, attestation_id, certified_at) VALUES ($1, 'habilitation', $2, now()) ON CONFLICT DO NOTHING`, [aidantSub, randomUUID()]);
    },
    outboxEvents: async (type: string) =>
      ((await ds.query(`SELECT payload FROM outbox WHERE subject = $1 ORDER BY created_at`, [type])) as Array<{ payload: string | object }>).map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload)),
    rpc,
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
