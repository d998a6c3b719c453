import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { lieuDataSchema } from '@pin/contracts';
import { toDataInclusionServices, toDataInclusionStructure } from '../exports/data-inclusion';
import { standardCsvHeader, standardCsvRows, standardJsonRecord, type ExportLieu } from '../exports/standard-record';
import { parseLieuxFile, type ParsedLieu } from '../imports/parsing/parse-lieux-file';
import { V102_FIELDS } from './v1-0-2';
import { validateTable, type TableSchema } from '@pin/testing';

const FIXTURES = resolve(__dirname, '../../data');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const schemaV102 = JSON.parse(fixture('schema-standard-mediation-num-v1.0.2.json').toString()) as TableSchema;
const schemaV01 = JSON.parse(fixture('schema-standard-mediation-num-v0.1.json').toString()) as TableSchema;

let exported = 0;
const asExport = (l: ParsedLieu): ExportLieu => ({
  id: `00000000-0000-4000-8000-${String(++exported).padStart(12, '0')}`, source: 'test', source_id: l.sourceId, date_maj: l.dateMaj, data: l.data,
});

describe('import: the real Hinaura fixture (v0.1 JSON, 687 lieux)', () => {
  const result = parseLieuxFile(fixture('hinaura-687-lieux-v0.1.json'));

  it('detects the format and keeps every lieu', () => {
    expect(result.format).toBe('v0.1-json');
    expect(result.encoding).toBe('utf-8');
    expect(result.total).toBe(687);
    expect(result.rejets).toEqual([]);
    expect(result.lieux).toHaveLength(687);
  });

  it('maps v0.1 vocabularies to v1.0.2 slugs', () => {
    const first = result.lieux.find((l) => l.sourceId === '0')!;
    expect(first.ligne).toBe(1);
    expect(first.data.services.sort()).toEqual(['acces-internet-materiel', 'aide-demarches-administratives']);
    expect(first.data.publics_specifiquement_adresses.sort()).toEqual(['familles', 'jeunes', 'seniors']);
    expect(first.data.prise_en_charge_specifique.sort()).toEqual(['deficience-visuelle', 'handicaps-mentaux', 'illettrisme', 'surdite']);
    expect(first.data.frais_a_charge).toEqual(['gratuit']);
    expect(first.data.modalites_accompagnement).toEqual(['individuel']);
    expect(first.data.horaires).toBe('Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00');
    expect(first.data.latitude).toBeCloseTo(46.27947045);
    expect(first.dateMaj).toBe('2021-05-05');
  });

  it('drops the placeholder pivot 00000000000000 instead of rejecting the row', () => {
    expect(result.lieux.every((l) => l.data.pivot === undefined)).toBe(true);
  });

  it('infers the INSEE code from the postal code and commune (offline)', () => {
    const first = result.lieux.find((l) => l.sourceId === '0')!;
    expect(first.data.code_insee).toBe('74001'); // Abondance
    const inferred = result.lieux.filter((l) => l.data.code_insee).length;
    expect(inferred / result.lieux.length).toBeGreaterThan(0.95);
  });

  it('produces data valid for the write model', () => {
    for (const l of result.lieux.slice(0, 50)) {
      const check = lieuDataSchema.safeParse({ ...l.data, latitude: l.data.latitude ?? 0, longitude: l.data.longitude ?? 0, code_insee: l.data.code_insee ?? '75056' });
      expect(check.error?.issues ?? []).toEqual([]);
    }
  });
});

describe('import: the standard example CSVs', () => {
  it('reads the v1.0.2 example (| multi-values, labels → slugs)', () => {
    const r = parseLieuxFile(fixture('standard-mediation-num_exemple-valide_v1.0.2.csv'));
    expect(r.format).toBe('v1.0.2-csv');
    expect(r.rejets).toEqual([]);
    expect(r.lieux).toHaveLength(1);
    const l = r.lieux[0];
    expect(l).toMatchObject({ ligne: 2, sourceId: 'structure-1', producteur: 'Hubik', dateMaj: '2024-04-02' });
    expect(l.data).toMatchObject({
      pivot: '43493312300029', code_insee: '51454', typologie: ['TIERS_LIEUX', 'ASSO'], courriels: ['contact@laquincaillerie.tl', 'responsable@laquincaillerie.tl'],
      services: ['maitrise-outils-numeriques', 'insertion-professionnelle', 'loisirs-creations'], publics_specifiquement_adresses: ['jeunes', 'femmes'],
      prise_en_charge_specifique: ['surdite', 'illettrisme', 'langues-anglais'], frais_a_charge: ['gratuit-sous-condition', 'payant'],
      dispositif_programmes_nationaux: ['aidants-connect', 'conseillers-numeriques', 'croix-rouge'], formations_labels: ['mon-espace-sante', 'arnia-mednum-bfc'],
      autres_formations_labels: ['Label et la bête'], modalites_acces: ['se-presenter', 'telephoner'],
      modalites_accompagnement: ['atelier', 'distance', 'autonomie', 'individuel'], itinerance: ['itinerant'],
    });
  });

  it('reads the v0.1.1 example (; multi-values, labels_nationaux, 15 services)', () => {
    const r = parseLieuxFile(fixture('standard-mediation-num_exemple-valide_v0.1.1.csv'));
    expect(r.format).toBe('v0.1-csv');
    expect(r.rejets).toEqual([]);
    const l = r.lieux[0].data;
    expect(l.services).toEqual(['aide-demarches-administratives', 'maitrise-outils-numeriques']);
    expect(l.publics_specifiquement_adresses).toEqual(['familles']);
    expect(l.prise_en_charge_specifique).toEqual(['deficience-visuelle']);
    expect(l.frais_a_charge).toEqual(['payant']);
    expect(l.dispositif_programmes_nationaux).toEqual(['france-services', 'point-acces-numerique-caf']);
    expect(l.autres_formations_labels).toEqual(['APTIC', 'SudLabs', 'Nièvre médiation numérique']);
    expect(l.modalites_accompagnement).toEqual(['autonomie', 'individuel']);
    expect(l.fiche_acces_libre).toMatch(/^https:\/\/acceslibre/);
    expect(l.courriels).toEqual(['contact@laquincaillerie.tl']);
  });

  it('detects a Latin-1 (Windows-1252) file and decodes accents', () => {
    const latin1 = iconv.encode(fixture('standard-mediation-num_exemple-valide_v1.0.2.csv').toString('utf8'), 'latin1');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(latin1)).toThrow();
    const r = parseLieuxFile(latin1);
    expect(r.encoding).toBe('windows-1252');
    expect(r.rejets).toEqual([]);
    expect(r.lieux[0].data.presentation_resume).toContain('numériques à destination des personnes âgées');
    expect(r.lieux[0].data.services).toContain('maitrise-outils-numeriques');
  });

  it('reads a semicolon-separated v1.0.2 CSV with a UTF-8 BOM', () => {
    const csv = fixture('standard-mediation-num_exemple-valide_v1.0.2.csv').toString('utf8');
    const rows = parseCsv(csv) as string[][];
    const semi = '\uFEFF' + rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(';')).join('\r\n');
    const r = parseLieuxFile(Buffer.from(semi, 'utf8'));
    expect(r.rejets).toEqual([]);
    expect(r.lieux[0].sourceId).toBe('structure-1');
  });
});

describe('import: row-level validation', () => {
  const header = V102_FIELDS.join(',');
  const row = (o: Partial<Record<string, string>>) => {
    const base: Record<string, string> = {
      id: 'a', pivot: '00000000000000', nom: 'Médiathèque', commune: 'Mont-de-Marsan', code_postal: '40000', adresse: '1 rue X',
      latitude: '43.89', longitude: '-0.5', date_maj: '2024-01-02', services: 'Aide aux démarches administratives',
    };
    const v = { ...base, ...o };
    return V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');
  };

  it('rejects bad rows with their line numbers and keeps every good row', () => {
    const csv = [
      header,
      row({ id: 'ok-1' }), // line 2
      row({ id: 'sans-nom', nom: '' }), // line 3
      row({ id: 'multi', presentation_detail: 'ligne 1\nligne 2\nligne 3' }), // lines 4-6
      row({ id: 'cp', code_postal: 'ABCDE' }), // line 7
      row({ id: 'date', date_maj: '31/02/2024' }), // line 8
      '"court","x"', // line 9: wrong column count
      row({ id: 'service', services: 'Cuisine' }), // line 10
      row({ id: 'ok-1', nom: 'Doublon' }), // line 11: same id as line 2
      row({ id: '', nom: 'Sans id' }), // line 12
      row({ id: 'ok-2', horaires: 'n’importe quoi', latitude: '', longitude: '', telephone: '05 58 00 00 00', site_web: 'www.exemple.fr' }), // line 13
      row({ id: 'ok-3', telephone: 'pas un numéro', frais_a_charge: 'Gratuit|Inconnu', pivot: '123' }), // line 14
    ].join('\n');
    const r = parseLieuxFile(Buffer.from(csv, 'utf8'), 'v1.0.2-csv');
    expect(r.rejets).toEqual([
      { ligne: 3, motif: 'Champ obligatoire manquant : nom.' },
      { ligne: 7, motif: expect.stringMatching(/^Code postal invalide/) },
      { ligne: 8, motif: 'Date de mise à jour invalide « 31/02/2024 » (attendu AAAA-MM-JJ).' },
      { ligne: 9, motif: `Nombre de colonnes incorrect : 2 au lieu de ${V102_FIELDS.length}.` },
      { ligne: 10, motif: 'Aucun service reconnu : au moins un service du standard est obligatoire.' },
      { ligne: 11, motif: 'Identifiant « ok-1 » déjà utilisé ligne 2.' },
      { ligne: 12, motif: 'Identifiant (id) manquant.' },
    ]);
    expect(r.lieux.map((l) => [l.ligne, l.sourceId])).toEqual([[2, 'ok-1'], [4, 'multi'], [13, 'ok-2'], [14, 'ok-3']]);
    expect(r.total).toBe(11);
    const ok2 = r.lieux.find((l) => l.sourceId === 'ok-2')!.data;
    // Kept as given (the writer flags unparseable horaires and missing coordinates).
    expect(ok2).toMatchObject({ horaires: 'n’importe quoi', latitude: null, longitude: null, telephone: '+33558000000', site_web: ['https://www.exemple.fr'] });
    const ok3 = r.lieux.find((l) => l.sourceId === 'ok-3')!.data;
    expect(ok3.telephone).toBeUndefined();
    expect(ok3.pivot).toBeUndefined();
    expect(ok3.frais_a_charge).toEqual(['gratuit']);
    expect(r.avertissements.filter((a) => a.ligne === 14).map((a) => a.motif)).toEqual([
      'Valeur inconnue « Inconnu » ignorée (frais_a_charge).',
      expect.stringMatching(/^Valeur « 123 » ignorée \(pivot\)/),
      expect.stringMatching(/^Valeur « pas un numéro » ignorée \(telephone\)/),
    ]);
  });

  it('v0.1 summaries longer than v1.0.2 allows move whole to the detail', () => {
    const long = 'Un résumé très long. '.repeat(20).trim();
    const r = parseLieuxFile(Buffer.from(JSON.stringify([{
      id: 'x', nom: 'Lieu', adresse: '1 rue A', commune: 'Dax', code_postal: '40100', date_maj: '2022-01-01', services: 'Accéder à du matériel',
      publics_accueillis: 'Adultes', presentation_resume: long,
    }])));
    expect(r.rejets).toEqual([]);
    expect(r.lieux[0].data.presentation_detail).toBe(long);
    expect(r.lieux[0].data.presentation_resume).toHaveLength(280);
    expect(r.lieux[0].data.presentation_resume!.endsWith('…')).toBe(true);
  });

  it('refuses a file that is not the standard at all', () => {
    expect(() => parseLieuxFile(Buffer.from('a,b\n1,2\n'))).toThrow(/colonne « id » absente/);
    expect(() => parseLieuxFile(Buffer.from('{"x": 1}'))).toThrow(/tableau de lieux/);
    expect(() => parseLieuxFile(Buffer.from('[{"id": '))).toThrow(/JSON est illisible/);
    expect(() => parseLieuxFile(Buffer.alloc(0))).toThrow(/vide/);
  });

  it('rejects JSON elements that are not objects, by rank', () => {
    const r = parseLieuxFile(Buffer.from(JSON.stringify([42, { id: 'x', nom: 'Lieu', adresse: 'a', commune: 'Dax', code_postal: '40100', date_maj: '2024-01-01', services: 'Accéder à du matériel', publics_accueillis: 'Adultes' }])));
    expect(r.format).toBe('v0.1-json');
    expect(r.rejets).toEqual([{ ligne: 1, motif: "L'élément n'est pas un objet JSON." }]);
    expect(r.lieux[0]).toMatchObject({ ligne: 2, data: { services: ['acces-internet-materiel'], code_insee: '40088' } });
  });
});

describe('export: national standard v1.0.2', () => {
  const hinaura = parseLieuxFile(fixture('hinaura-687-lieux-v0.1.json')).lieux.map(asExport);
  const example = parseLieuxFile(fixture('standard-mediation-num_exemple-valide_v1.0.2.csv')).lieux.map(asExport);
  const all = [...hinaura, ...example];
  const csv = standardCsvHeader() + standardCsvRows(all);

  it('writes the exact header order of the schema', () => {
    expect(csv.split('\n')[0]).toBe(schemaV102.fields.map((f) => f.name).join(','));
  });

  it('validates against the Frictionless schema (CSV and JSON)', () => {
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(all.length);
    expect(validateTable(schemaV102, rows)).toEqual([]);
    expect(validateTable(schemaV102, all.map(standardJsonRecord))).toEqual([]);
  });

  it('the validator catches violations (it can fail)', () => {
    const bad = { ...standardJsonRecord(example[0]), services: 'Aide aux démarches administratives|Cuisine', code_postal: '4000', date_maj: '2024-13-01' };
    delete (bad as Record<string, unknown>).nom;
    expect(validateTable(schemaV102, [bad]).map((e) => e.field).sort()).toEqual(['code_postal', 'date_maj', 'nom', 'services']);
    // The v0.1 example is not v1.0.2.
    const v01 = parseCsv(fixture('standard-mediation-num_exemple-valide_v0.1.1.csv'), { columns: true }) as Record<string, string>[];
    expect(validateTable(schemaV102, v01).length).toBeGreaterThan(0);
    expect(validateTable(schemaV01, v01)).toEqual([]);
  });

  it('round trip: importing the export yields the same lieux (CSV and JSON)', () => {
    const back = parseLieuxFile(Buffer.from(csv, 'utf8'));
    expect(back.format).toBe('v1.0.2-csv');
    expect(back.rejets).toEqual([]);
    expect(back.lieux.map((l) => [l.sourceId, l.dateMaj, l.data])).toEqual(all.map((l) => [l.id, l.date_maj, l.data]));
    const json = parseLieuxFile(Buffer.from(JSON.stringify(all.map(standardJsonRecord)), 'utf8'));
    expect(json.format).toBe('v1.0.2-json');
    expect(json.lieux.map((l) => l.data)).toEqual(all.map((l) => l.data));
  });
});

describe('export: data.inclusion v1', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const structureSchema = ajv.compile(JSON.parse(fixture('data-inclusion-structure-v1.schema.json').toString()));
  const serviceSchema = ajv.compile(JSON.parse(fixture('data-inclusion-service-v1.schema.json').toString()));
  const lieux = [
    ...parseLieuxFile(fixture('hinaura-687-lieux-v0.1.json')).lieux,
    ...parseLieuxFile(fixture('standard-mediation-num_exemple-valide_v1.0.2.csv')).lieux,
  ].map(asExport);
  // Edge cases: a two-letter name, a name ending with a dot, non-ASCII URLs, remote-only support.
  const edge = { ...lieux[0], id: 'edge', source_id: 'edge', data: {
    ...lieux[0].data, nom: 'AB', site_web: ['https://exemple.fr/médiathèque'], fiche_acces_libre: 'https://acceslibre.beta.gouv.fr/é',
    modalites_accompagnement: ['distance' as const], modalites_acces: ['rdv-en-ligne' as const], prise_rdv: 'https://rdv.exemple.fr/réserver',
    frais_a_charge: ['gratuit-sous-condition' as const], presentation_resume: 'Bof',
  } };
  lieux.push(edge, { ...edge, id: 'edge2', source_id: 'edge2', data: { ...edge.data, nom: 'Espace numérique.' } });

  it('every structure validates', () => {
    const structures = lieux.map(toDataInclusionStructure);
    const invalid = structures.filter((s): boolean => !structureSchema(s)).map((s) => ({ id: s.id, errors: (structureSchema(s), structureSchema.errors) }));
    expect(invalid).toEqual([]);
    expect(new Set(structures.map((s) => s.id)).size).toBe(lieux.length);
    expect(structures.find((s) => s.id === 'test--structure-1')).toMatchObject({
      siret: '43493312300029', reseaux_porteurs: ['aidants-connect', 'conseillers-numeriques', 'croix-rouge'],
    });
  });

  it('every service validates, one per service of the standard', () => {
    const services = lieux.flatMap(toDataInclusionServices);
    expect(services.length).toBe(lieux.reduce((n, l) => n + l.data.services.length, 0));
    const invalid = services.filter((s): boolean => !serviceSchema(s)).map((s) => ({ id: s.id, errors: (serviceSchema(s), serviceSchema.errors) }));
    expect(invalid).toEqual([]);
    const example = services.filter((s) => String(s.structure_id) === 'test--structure-1');
    expect(example.map((s) => s.thematiques).flat()).toContain('numerique--maitriser-les-fondamentaux-du-numerique');
    expect(example[0]).toMatchObject({ frais: 'payant', publics: ['jeunes', 'femmes', 'personnes-en-situation-de-handicap'], modes_mobilisation: ['se-presenter', 'telephoner'] });
  });

  it('ajv rejects an invalid object (the check can fail)', () => {
    expect(serviceSchema({ source: 'x', id: 'x', structure_id: 'y', nom: 'ab', description: 'abc', date_maj: 'hier', frais: 'gratuit-sous-condition' })).toBe(false);
    expect(structureSchema({ source: 'x', id: 'x', nom: 'Lieu', date_maj: '2024-01-01', code_postal: '123' })).toBe(false);
  });
});
