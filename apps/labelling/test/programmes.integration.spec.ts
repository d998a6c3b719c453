import { rpc, type ProgrammeView } from '@pin/contracts';
import { ANIMATEUR, codeOf, labellingFixture, REFERENT } from './labelling.fixture';

type F = Awaited<ReturnType<typeof labellingFixture>>;

/** The update body an editor sends back for a programme it read. */
function editable(p: ProgrammeView) {
  return {
    version: p.version,
    titre: p.titre,
    description: p.description,
    validiteMois: p.validiteMois ?? 24,
    niveaux: p.niveaux.map((n) => ({ id: n.id, titre: n.titre })),
    criteres: p.criteres.map((c) => ({ id: c.id, titre: c.titre, description: c.description, obligatoireDes: c.obligatoireDes, demarche: c.demarche as never, retire: c.retire })),
  };
}

const V1_ACCUEIL_ANSWERS = [
  { critereId: 'charte-adoptee', reponse: 'Charte signée par toute l’équipe.' },
  { critereId: 'accueil-public', reponse: 'Lundi et mercredi, sans rendez-vous.' },
];

describe('labelling programme editor (real PostgreSQL)', () => {
  let f: F;
  beforeAll(async () => {
    f = await labellingFixture('lab_programmes');
  });
  afterAll(async () => {
    await f.t.teardown();
  });

  const get = async (id: string) => (await f.programmes.get(rpc({ params: { id } }))) as ProgrammeView;

  it('creates a territorial programme at version 1, journaled; refuses a taken id and a non-animateur', async () => {
    const body = {
      id: 'label-numerique-sud',
      titre: 'Label numérique du Sud',
      description: 'Un second label territorial.',
      validiteMois: 36,
      niveaux: [{ id: 'bronze', titre: 'Bronze' }, { id: 'or', titre: 'Or' }],
      criteres: [
        { titre: 'Accès PMR', description: 'Rampe et sanitaires adaptés.', obligatoireDes: 'or' },
        { titre: 'Accompagnement aux démarches', obligatoireDes: 'bronze', demarche: 'social' },
      ],
    };
    const p = (await f.programmes.create(ANIMATEUR, rpc({ body }))) as ProgrammeView;
    expect(p).toMatchObject({ id: 'label-numerique-sud', nature: 'territorial', version: 1, validiteMois: 36 });
    expect(p.niveaux).toEqual([{ id: 'bronze', rang: 1, titre: 'Bronze' }, { id: 'or', rang: 2, titre: 'Or' }]);
    expect(p.criteres.map((c) => [c.id, c.obligatoireDes, c.demarche, c.retire])).toEqual([
      ['acces-pmr', 'or', null, false],
      ['accompagnement-aux-demarches', 'bronze', 'social', false],
    ]);
    expect((await f.journal.entriesOf(f.ds.manager, 'label-numerique-sud')).map((e) => [e.action, e.actorSub, e.data.version])).toEqual([['programme.cree', ANIMATEUR.sub, 1]]);
    expect(await codeOf(f.programmes.create(ANIMATEUR, rpc({ body })))).toBe('PROGRAMME.ALREADY_EXISTS');
    expect(await codeOf(f.programmes.create(REFERENT, rpc({ body: { ...body, id: 'autre' } })))).toBe('AUTH.FORBIDDEN');
    expect((await f.ds.query(`SELECT count(*)::int AS n FROM programme WHERE id = 'autre'`))[0].n).toBe(0);
  });

  it('edits the territorial label into a new version while dossiers opened before keep their rules', async () => {
    // Opened on version 1: one submitted, one still a draft.
    const submittedLieu = await f.lieu();
    const submitted = (await f.dossiers.create(REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId: submittedLieu } }))) as { id: string; programmeVersion: number };
    expect(submitted.programmeVersion).toBe(1);
    await f.dossiers.answer(REFERENT, rpc({ params: { id: submitted.id }, body: { reponses: V1_ACCUEIL_ANSWERS } }));
    await f.dossiers.submit(REFERENT, rpc({ params: { id: submitted.id } }));
    const draftLieu = await f.lieu();
    const draft = (await f.dossiers.create(REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId: draftLieu } }))) as { id: string };
    await f.dossiers.answer(REFERENT, rpc({ params: { id: draft.id }, body: { reponses: V1_ACCUEIL_ANSWERS } }));

    // The animateur edits: 12 months, levels reordered and renamed, a new mandatory criterion,
    // « espace confidentiel » mandatory from the first level, « accès PMR » retired.
    const v1 = await get('pin-territorial');
    const body = editable(v1);
    body.validiteMois = 12;
    body.niveaux = [body.niveaux[0], body.niveaux[2], body.niveaux[1]].map((n) => (n.id === 'reference' ? { ...n, titre: 'Lieu ressource du territoire' } : n));
    body.criteres = body.criteres.map((c) => (c.id === 'acces-pmr' ? { ...c, retire: true } : c.id === 'espace-confidentiel' ? { ...c, obligatoireDes: 'accueil' } : c));
    body.criteres.push({ id: undefined as never, titre: 'Référent numérique identifié', description: 'Une personne nommée répond aux partenaires.', obligatoireDes: 'accueil', demarche: null as never, retire: false });
    const v2 = (await f.programmes.update(ANIMATEUR, rpc({ params: { id: 'pin-territorial' }, body }))) as ProgrammeView;
    expect(v2.version).toBe(2);
    expect(v2.validiteMois).toBe(12);
    expect(v2.niveaux.map((n) => [n.id, n.rang, n.titre])).toEqual([
      ['accueil', 1, 'Accueil : premier niveau d’accompagnement'], ['reference', 2, 'Lieu ressource du territoire'], ['accompagnement', 3, 'Accompagnement : démarches accompagnées'],
    ]);
    expect(v2.criteres.find((c) => c.id === 'acces-pmr')).toMatchObject({ retire: true });
    expect(v2.criteres.find((c) => c.id === 'referent-numerique-identifie')).toMatchObject({ obligatoireDes: 'accueil', retire: false });
    // « aidant formé » keeps its check.
    expect(v2.criteres.find((c) => c.id === 'aidant-forme')).toMatchObject({ verification: 'aidant-forme', obligatoireDes: 'accompagnement' });

    const [entry] = (await f.journal.entriesOf(f.ds.manager, 'pin-territorial')).filter((e) => e.action === 'programme.modifie');
    expect(entry).toMatchObject({ actorSub: ANIMATEUR.sub, data: { version: 2, criteresAjoutes: ['referent-numerique-identifie'], criteresRetires: ['acces-pmr'], criteresRetablis: [] } });
    expect((await f.journal.verify()).ok).toBe(true);

    // The submitted dossier still shows version 1's criteria and obligations.
    const shown = (await f.dossiers.get(ANIMATEUR, rpc({ params: { id: submitted.id } }))) as { programmeVersion: number; criteres: Array<{ id: string; obligatoire: boolean }> };
    expect(shown.programmeVersion).toBe(1);
    expect(shown.criteres.map((c) => c.id)).toContain('acces-pmr');
    expect(shown.criteres.map((c) => c.id)).not.toContain('referent-numerique-identifie');
    expect(shown.criteres.find((c) => c.id === 'espace-confidentiel')?.obligatoire).toBe(false);

    // The draft opened on version 1 is submitted under version 1's rules…
    expect(await f.dossiers.submit(REFERENT, rpc({ params: { id: draft.id } }))).toMatchObject({ statut: 'depose', programmeVersion: 1 });
    // … while a dossier opened now must answer the new mandatory criteria.
    const fresh = (await f.dossiers.create(REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId: await f.lieu() } }))) as { id: string; programmeVersion: number };
    expect(fresh.programmeVersion).toBe(2);
    await f.dossiers.answer(REFERENT, rpc({ params: { id: fresh.id }, body: { reponses: V1_ACCUEIL_ANSWERS } }));
    expect(await codeOf(f.dossiers.submit(REFERENT, rpc({ params: { id: fresh.id } })))).toBe('DOSSIER.MANDATORY_UNANSWERED');

    // Granting the version-1 dossier uses version 1's validity (24 months), not the new 12.
    await f.dossiers.take(ANIMATEUR, rpc({ params: { id: submitted.id } }));
    const granted = (await f.dossiers.review(ANIMATEUR, rpc({ params: { id: submitted.id }, body: { decision: 'accorder', commentaires: [] } }))) as { label: { depuis: string; jusquAu: string } };
    const months = (new Date(granted.label.jusquAu).getTime() - new Date(granted.label.depuis).getTime()) / (1000 * 3600 * 24 * 30.4);
    expect(Math.round(months)).toBe(24);
  });

  it('refuses invalid edits with PROGRAMME.* codes and French messages, changing nothing', async () => {
    const current = await get('pin-territorial');
    const base = editable(current);
    const update = (body: unknown, id = 'pin-territorial') => f.programmes.update(ANIMATEUR, rpc({ params: { id }, body }));

    const invalid = await update({ ...base, validiteMois: 0, titre: '' }).catch((e: { code: string; message: string; details: Array<{ path: string; message: string }> }) => e);
    expect(invalid).toMatchObject({ code: 'PROGRAMME.INVALID', message: 'Le programme contient des champs invalides.' });
    expect((invalid as { details: Array<{ path: string }> }).details.map((d) => d.path).sort()).toEqual(['titre', 'validiteMois']);
    expect(await codeOf(update({ ...base, version: base.version - 1 }))).toBe('PROGRAMME.VERSION_CONFLICT');
    expect(await codeOf(update({ ...base, niveaux: base.niveaux.slice(1) }))).toBe('PROGRAMME.LEVEL_REMOVED');
    expect(await codeOf(update({ ...base, niveaux: [...base.niveaux, base.niveaux[0]] }))).toBe('PROGRAMME.DUPLICATE_LEVEL');
    expect(await codeOf(update({ ...base, criteres: base.criteres.filter((c) => c.id !== 'acces-pmr') }))).toBe('PROGRAMME.CRITERION_REMOVED');
    expect(await codeOf(update({ ...base, criteres: [...base.criteres, base.criteres[0]] }))).toBe('PROGRAMME.DUPLICATE_CRITERION');
    expect(await codeOf(update({ ...base, criteres: base.criteres.map((c, i) => (i === 0 ? { ...c, obligatoireDes: 'platine' } : c)) }))).toBe('PROGRAMME.UNKNOWN_LEVEL');
    expect(await codeOf(update({ ...base, criteres: base.criteres.map((c, i) => (i === 0 ? { ...c, demarche: 'astrologie' } : c)) }))).toBe('PROGRAMME.INVALID');
    expect(await codeOf(update(base, 'aptic'))).toBe('PROGRAMME.NOT_TERRITORIAL');
    expect(await codeOf(update(base, 'inconnu'))).toBe('PROGRAMME.NOT_FOUND');
    expect(await codeOf(f.programmes.update(REFERENT, rpc({ params: { id: 'pin-territorial' }, body: base })))).toBe('AUTH.FORBIDDEN');
    expect((await get('pin-territorial')).version).toBe(current.version);
  });
});
