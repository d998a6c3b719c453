import type { DataSource } from 'typeorm';
import { LieuClosedV1, LieuCreatedV1, LieuUpdatedV1 } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import type { TestDataSource } from '@pin/testing';
import { directoryTestDatabase } from './directory-database';
import { LieuWriter, type LieuWriteData, type LieuWriteInput } from '../src/lieux/lieu-writer';

jest.setTimeout(60_000);

const data = (over: Partial<LieuWriteData> = {}): LieuWriteData => ({
  nom: 'Médiathèque de Dax', adresse: '1 rue Saint-Pierre', commune: 'Dax', code_postal: '40100', code_insee: '40088',
  latitude: 43.7102, longitude: -1.0536, horaires: 'Mo-Fr 09:00-12:00; PH off',
  typologie: [], courriels: [], site_web: [], itinerance: [], services: ['acces-internet-materiel'], publics_specifiquement_adresses: [],
  prise_en_charge_specifique: [], frais_a_charge: [], dispositif_programmes_nationaux: [], formations_labels: [], autres_formations_labels: [],
  modalites_acces: [], modalites_accompagnement: [], demarches: [],
  ...over,
});

describe('LieuWriter (real PostgreSQL): the single write path of lieux', () => {
  let db: TestDataSource;
  let ds: DataSource;
  let outbox: Outbox;
  const writer = new LieuWriter();

  beforeAll(async () => {
    db = await directoryTestDatabase('directory_lieu_writer');
    ds = db.ds;
    outbox = new Outbox(ds, 'directory');
  });
  afterAll(async () => {
    await db?.teardown();
  });

  const save = (input: Omit<LieuWriteInput, 'structureId'> & { structureId?: string | null }) =>
    outbox.run((m, e) => writer.save(m, e, { structureId: null, ...input }));
  const row = async (sourceId: string) => (await ds.query(`SELECT *, date_maj::text AS date_maj, ST_Y(location::geometry) AS lat FROM lieu WHERE source_id = $1`, [sourceId]))[0];
  const events = async (sourceId: string) =>
    (await ds.query(`SELECT subject, payload FROM outbox WHERE payload::jsonb->'data'->>'source_id' = $1 ORDER BY created_at, subject`, [sourceId])) as Array<{ subject: string; payload: string }>;

  it('an import keeps implausible data and flags it; unknown démarches are dropped', async () => {
    const res = await save({
      source: 'test', sourceId: 'a',
      data: data({ latitude: 48.8566, longitude: 2.3522, horaires: 'du lundi au vendredi', demarches: ['caf', 'inconnue'] }),
      dateMaj: '2024-05-02',
    });
    expect(res.created).toBe(true);
    const r = await row('a');
    expect(r.flags).toEqual(['horaires-invalides', 'hors-departement']);
    expect(r.horaires).toBe('du lundi au vendredi');
    expect(r.demarches).toEqual(['caf']);
    expect(r.date_maj).toBe('2024-05-02');

    await save({ source: 'test', sourceId: 'b', data: data({ latitude: null, longitude: null, code_insee: null }) });
    expect((await row('b')).flags).toEqual(['coordonnees-manquantes']);
    await save({ source: 'test', sourceId: 'c', data: data({ latitude: 40.4168, longitude: -3.7038, code_insee: '40999' }) });
    expect((await row('c')).flags).toEqual(['hors-france', 'insee-inconnu']);
  });

  it('the edit mode refuses the same data with stable codes and writes nothing', async () => {
    const before = Number((await ds.query('SELECT count(*) AS n FROM lieu'))[0].n);
    await expect(save({ source: 'pin', sourceId: 'x', data: data({ latitude: 48.8566, longitude: 2.3522 }), mode: 'edit' })).rejects.toMatchObject({ code: 'LIEU.OUTSIDE_DEPARTEMENT' });
    await expect(save({ source: 'pin', sourceId: 'x', data: data({ horaires: 'du lundi au vendredi' }), mode: 'edit' })).rejects.toMatchObject({ code: 'LIEU.INVALID_HOURS' });
    await expect(save({ source: 'pin', sourceId: 'x', data: data({ demarches: ['inconnue'] }), mode: 'edit' })).rejects.toMatchObject({ code: 'DEMARCHE.UNKNOWN' });
    expect(Number((await ds.query('SELECT count(*) AS n FROM lieu'))[0].n)).toBe(before);
  });

  it('a postal code that is not one of the INSEE code’s commune is refused in both modes; none needed without an INSEE code', async () => {
    const before = Number((await ds.query('SELECT count(*) AS n FROM lieu'))[0].n);
    for (const mode of ['edit', 'import'] as const) {
      await expect(save({ source: 'pin', sourceId: 'cp', data: data({ code_postal: '04010' }), mode })).rejects.toMatchObject({
        code: 'LIEU.POSTAL_CODE_MISMATCH',
        message: "Code postal 04010 : ce n'est pas un code postal de la commune 40088 (Dax), dont le code postal est 40100.",
      });
    }
    expect(Number((await ds.query('SELECT count(*) AS n FROM lieu'))[0].n)).toBe(before);
    await save({ source: 'test', sourceId: 'cp-sans-insee', data: data({ code_insee: null, code_postal: '40000' }), mode: 'import' });
    expect((await row('cp-sans-insee')).code_postal).toBe('40000');
  });

  it('upserts by (source, source_id): same data → nothing changed and no event; kept flags survive a re-import', async () => {
    await save({ source: 'test', sourceId: 'd', data: data(), extraFlags: ['demo'] });
    await ds.query(`UPDATE lieu SET flags = array_append(flags, 'a-verifier') WHERE source_id = 'd'`);
    const again = await save({ source: 'test', sourceId: 'd', data: data() });
    expect(again).toMatchObject({ created: false, changed: [] });
    expect((await events('d')).map((e) => e.subject)).toEqual([LieuCreatedV1.type]);

    const fixed = await save({ source: 'test', sourceId: 'd', data: data({ horaires: 'Mo-Sa 09:00-12:00; PH off', latitude: 43.711 }) });
    expect(fixed.changed.sort()).toEqual(['horaires', 'latitude']);
    const r = await row('d');
    expect(r.flags).toEqual(['a-verifier', 'demo']);
    expect(r.version).toBe(2);
    expect(r.lat).toBeCloseTo(43.711, 6);
    const updated = JSON.parse((await events('d'))[1].payload);
    expect(updated).toMatchObject({ type: LieuUpdatedV1.type, data: { latitude: 43.711, version: 2, changed: ['horaires', 'latitude'] } });
  });

  it('sloppy horaires the library understands are stored in their canonical form', async () => {
    await save({ source: 'test', sourceId: 'e', data: data({ horaires: 'lundi-vendredi 9h-18h' }) });
    const r = await row('e');
    expect(r.horaires).toBe('Mo-Fr 09:00-18:00');
    expect(r.flags).toEqual([]);
  });

  it('close and setFlag record their events once', async () => {
    const { id } = await save({ source: 'test', sourceId: 'f', data: data() });
    await outbox.run((m, e) => writer.setFlag(m, e, id, 'a-verifier', true));
    await outbox.run((m, e) => writer.setFlag(m, e, id, 'a-verifier', true));
    await outbox.run((m, e) => writer.close(m, e, id, { motif: 'doublon' }));
    await outbox.run((m, e) => writer.close(m, e, id, { motif: 'doublon' }));
    expect((await events('f')).map((e) => e.subject)).toEqual([LieuCreatedV1.type, LieuUpdatedV1.type, LieuClosedV1.type]);
    const r = await row('f');
    expect(r.statut).toBe('ferme');
    expect(r.closed_motif).toBe('doublon');
  });
});
