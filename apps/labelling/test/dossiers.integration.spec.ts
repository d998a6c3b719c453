import { rpc } from '@pin/contracts';
import {
  AIDANT, ANIMATEUR, ANIMATEUR_OF_STRUCTURE, codeOf, labellingFixture, OTHER_REFERENT, REFERENT, STRUCTURE,
} from './labelling.fixture';

type F = Awaited<ReturnType<typeof labellingFixture>>;

const ALL_ANSWERS = [
  { critereId: 'charte-adoptee', reponse: 'Les trois aidants ont signé la charte en mars.' },
  { critereId: 'accueil-public', reponse: 'Mardi et jeudi, sans rendez-vous.' },
  { critereId: 'accompagnement-demarches', reponse: 'CAF, ANTS, impots.gouv.' },
  { critereId: 'aidant-forme', reponse: 'Claire a suivi le parcours.', aidants: ['sub-claire'] },
  { critereId: 'mandat-formalise', reponse: 'Mandats Aidants Connect.' },
];

describe('labelling dossiers (real PostgreSQL)', () => {
  let f: F;
  beforeAll(async () => {
    f = await labellingFixture('lab_dossiers');
  });
  afterAll(async () => {
    await f.t.teardown();
  });

  async function draft(niveau = 'accompagnement') {
    const lieuId = await f.lieu();
    const d = (await f.dossiers.create(REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau, lieuId } }))) as { id: string; statut: string };
    return { lieuId, id: d.id };
  }

  it('seeds the territorial label with its levels and criteria, and the national labels', async () => {
    const p = await f.ds.query(`SELECT id, nature FROM programme ORDER BY id`);
    expect(p).toEqual(expect.arrayContaining([{ id: 'pin-territorial', nature: 'territorial' }, { id: 'aptic', nature: 'national' }, { id: 'france-services', nature: 'national' }]));
    const c = (await f.ds.query(`SELECT id FROM critere WHERE programme_id = 'pin-territorial' ORDER BY rang`)).map((r: { id: string }) => r.id);
    expect(c).toEqual(['charte-adoptee', 'accueil-public', 'accompagnement-demarches', 'aidant-forme', 'mandat-formalise', 'espace-confidentiel', 'acces-pmr']);
  });

  it('goes draft → submitted → under review → changes requested → submitted → granted, journaled and emitted', async () => {
    const { id, lieuId } = await draft();
    await f.certify('sub-claire');
    await f.dossiers.answer(REFERENT, rpc({ params: { id }, body: { reponses: ALL_ANSWERS } }));
    expect(await f.dossiers.submit(REFERENT, rpc({ params: { id } }))).toMatchObject({ statut: 'depose' });
    expect(await f.dossiers.take(ANIMATEUR, rpc({ params: { id } }))).toMatchObject({ statut: 'en_instruction' });
    const changes = (await f.dossiers.review(ANIMATEUR, rpc({ params: { id }, body: { decision: 'modifications', commentaires: [{ critereId: 'accueil-public', conforme: false, commentaire: 'Précisez les horaires.' }] } }))) as {
      statut: string; criteres: Array<{ id: string; avis: { commentaire: string } | null }>;
    };
    expect(changes.statut).toBe('modifications_demandees');
    expect(changes.criteres.find((c) => c.id === 'accueil-public')?.avis?.commentaire).toBe('Précisez les horaires.');
    await f.dossiers.answer(REFERENT, rpc({ params: { id }, body: { reponses: [{ critereId: 'accueil-public', reponse: 'Mardi 9h-12h, jeudi 14h-17h.' }] } }));
    await f.dossiers.submit(REFERENT, rpc({ params: { id } }));
    await f.dossiers.take(ANIMATEUR, rpc({ params: { id } }));
    const granted = (await f.dossiers.review(ANIMATEUR, rpc({ params: { id }, body: { decision: 'accorder', commentaires: [{ critereId: 'accueil-public', conforme: true }] } }))) as {
      statut: string; label: { id: string; jusquAu: string; niveau: string }; historique: Array<{ action: string }>;
    };
    expect(granted.statut).toBe('accorde');
    expect(granted.label).toMatchObject({ niveau: 'accompagnement', statut: 'actif' });
    expect(granted.historique.map((h) => h.action)).toEqual([
      'dossier.cree', 'dossier.reponses', 'dossier.depose', 'dossier.en_instruction', 'dossier.modifications_demandees', 'dossier.reponses', 'dossier.depose', 'dossier.en_instruction', 'dossier.accorde',
    ]);
    const [event] = await f.outboxEvents('pin.labelling.label.granted.v1');
    expect(event.data).toEqual({ labelId: granted.label.id, programmeId: 'pin-territorial', niveau: 'accompagnement', lieuId, structureId: STRUCTURE, validUntil: granted.label.jusquAu });
    expect(await f.journal.verify()).toMatchObject({ ok: true });
  });

  it('refuses to submit with unanswered mandatory criteria (422), naming them', async () => {
    const { id } = await draft('reference');
    await f.dossiers.answer(REFERENT, rpc({ params: { id }, body: { reponses: ALL_ANSWERS.slice(0, 2) } }));
    const err = await f.dossiers.submit(REFERENT, rpc({ params: { id } })).catch((e: { code: string; status: number; details: Array<{ path: string }> }) => e);
    expect(err).toMatchObject({ code: 'DOSSIER.MANDATORY_UNANSWERED', status: 422 });
    expect((err as { details: Array<{ path: string }> }).details.map((d) => d.path)).toEqual(['accompagnement-demarches', 'aidant-forme', 'mandat-formalise', 'espace-confidentiel']);
  });

  it('checks « aidant formé » against training’s certifications', async () => {
    const { id } = await draft();
    await f.dossiers.answer(REFERENT, rpc({ params: { id }, body: { reponses: ALL_ANSWERS.map((a) => (a.critereId === 'aidant-forme' ? { ...a, aidants: ['sub-nobody'] } : a)) } }));
    expect(await codeOf(f.dossiers.submit(REFERENT, rpc({ params: { id } })))).toBe('DOSSIER.AIDANT_NOT_CERTIFIED');
  });

  it('a reviewer may not review their own structure; others may not apply for or read another structure’s lieu', async () => {
    const { id, lieuId } = await draft();
    await f.certify('sub-claire');
    await f.dossiers.answer(REFERENT, rpc({ params: { id }, body: { reponses: ALL_ANSWERS } }));
    await f.dossiers.submit(REFERENT, rpc({ params: { id } }));
    const own = await f.dossiers.take(ANIMATEUR_OF_STRUCTURE, rpc({ params: { id } })).catch((e: { code: string; status: number }) => e);
    expect(own).toMatchObject({ code: 'DOSSIER.OWN_STRUCTURE', status: 403 });
    expect(await codeOf(f.dossiers.get(OTHER_REFERENT, rpc({ params: { id } })))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(await codeOf(f.dossiers.create(AIDANT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId } })))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.dossiers.create(OTHER_REFERENT, rpc({ body: { programmeId: 'pin-territorial', niveau: 'accueil', lieuId: await f.lieu() } })))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(await codeOf(f.dossiers.review(ANIMATEUR, rpc({ params: { id }, body: { decision: 'accorder' } })))).toBe('DOSSIER.INVALID_TRANSITION');
  });

  it('reminds before expiry, expires with an event, and renews with the previous answers', async () => {
    const lieuId = await f.lieu();
    const [{ id: labelId }] = await f.ds.query(
      `INSERT INTO dossier (id, programme_id, niveau, lieu_id, structure_id, statut, cree_par) VALUES (gen_random_uuid(), 'pin-territorial', 'accueil', $1, $2, 'accorde', 'x') RETURNING id`,
      [lieuId, STRUCTURE],
    ).then(async ([d]: Array<{ id: string }>) => {
      await f.ds.query(`INSERT INTO dossier_reponse (dossier_id, critere_id, reponse) VALUES ($1, 'charte-adoptee', 'Oui.')`, [d.id]);
      return f.ds.query(
        `INSERT INTO label (id, programme_id, niveau, lieu_id, structure_id, dossier_id, depuis, jusqu_au, statut) VALUES (gen_random_uuid(), 'pin-territorial', 'accueil', $1, $2, $3, '2025-01-01', '2026-12-31', 'actif') RETURNING id`,
        [lieuId, STRUCTURE, d.id],
      );
    });
    expect(await f.labels.scan(60, '2026-11-15')).toMatchObject({ rappels: 1, expires: 0 });
    expect(await f.labels.scan(60, '2026-11-16')).toMatchObject({ rappels: 0, expires: 0 });
    const renewal = (await f.labels.renew(REFERENT, rpc({ params: { id: labelId } }))) as { id: string };
    const d = (await f.dossiers.get(REFERENT, rpc({ params: { id: renewal.id } }))) as { renouvelleLabelId: string; criteres: Array<{ id: string; reponse: { texte: string } | null }> };
    expect(d.renouvelleLabelId).toBe(labelId);
    expect(d.criteres.find((c) => c.id === 'charte-adoptee')?.reponse?.texte).toBe('Oui.');
    expect(await f.labels.scan(60, '2027-01-01')).toMatchObject({ expires: 1 });
    const expired = (await f.outboxEvents('pin.labelling.label.expired.v1')).map((e) => e.data.labelId);
    expect(expired).toContain(labelId);
  });

  it('records a national label as a fact, and revokes it with an event', async () => {
    const lieuId = await f.lieu();
    const l = (await f.labels.national(ANIMATEUR, rpc({ body: { programmeId: 'aptic', lieuId, preuve: 'Référence APTIC 40-123', depuis: '2026-01-01' } }))) as { id: string };
    expect(await codeOf(f.labels.national(ANIMATEUR, rpc({ body: { programmeId: 'pin-territorial', lieuId, preuve: 'x', depuis: '2026-01-01' } })))).toBe('PROGRAMME.NOT_NATIONAL');
    await f.labels.revoke(ANIMATEUR, rpc({ params: { id: l.id }, body: { motif: 'Label national non renouvelé.' } }));
    expect(await codeOf(f.labels.revoke(ANIMATEUR, rpc({ params: { id: l.id }, body: { motif: 'encore' } })))).toBe('LABEL.NOT_ACTIVE');
    expect((await f.outboxEvents('pin.labelling.label.revoked.v1')).map((e) => e.data.labelId)).toContain(l.id);
  });
});
