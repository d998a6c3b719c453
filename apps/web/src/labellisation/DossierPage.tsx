import { useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { ChoiceGroup, ErrorSummary, TextArea, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { PieceList, PieceUpload } from './DossierPieces';
import { answerDossier, fetchDossier, NIVEAUX, reviewDossier, STATUTS, submitDossier, takeDossier, type Dossier } from './labellisation.api';

const TITLE = 'Dossier de labellisation';

/** One dossier: the référent answers each criterion and submits; the animateur takes it and gives a verdict per criterion. */
export function DossierPage({ params }: { params?: Record<string, string> }) {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.apply}>
      {(user) => <DossierView user={user} id={params?.id ?? ''} />}
    </Guard>
  );
}

function DossierView({ user, id }: { user: CurrentUser; id: string }) {
  const dossier = useApi(() => fetchDossier(id), [id]);
  const [notice, setNotice] = useState<{ kind: 'succes' | 'erreur'; text: string; n: number } | null>(null);
  const say = (kind: 'succes' | 'erreur', text: string) => setNotice((p) => ({ kind, text, n: (p?.n ?? 0) + 1 }));
  if (dossier.state.status !== 'ok') {
    return (
      <Page title={TITLE}>
        {dossier.state.status === 'loading' ? <LiveStatus>Chargement du dossier…</LiveStatus> : <p class="statut statut--erreur">{dossier.state.failure.message}</p>}
      </Page>
    );
  }
  const d = dossier.state.data;
  const editable = user.roles.includes('referent') && (d.statut === 'brouillon' || d.statut === 'modifications_demandees');
  const reviewer = allows(user, POLICIES.labelling.review) && !user.structures.includes(d.structureId);
  const reload = () => void dossier.reload();
  return (
    <Page title={`${TITLE} : niveau ${NIVEAUX[d.niveau] ?? d.niveau}`} lead={`État : ${STATUTS[d.statut] ?? d.statut}.`}>
      {notice ? (
        <Notice kind={notice.kind} focusKey={notice.n}>
          {notice.text}
        </Notice>
      ) : null}
      {/* The review form shows the criteria (answers, pieces) itself: listed once. */}
      {editable ? <AnswerForm d={d} onDone={reload} say={say} /> : reviewer && d.statut === 'en_instruction' ? null : <CriteriaList d={d} />}
      {editable ? <PiecesSection d={d} onChange={(text, ok) => (say(ok ? 'succes' : 'erreur', text), reload())} /> : null}
      {reviewer && d.statut === 'depose' ? (
        <p>
          <button type="button" class="bouton" onClick={() => void takeDossier(d.id).then((r) => (r.ok ? reload() : say('erreur', r.message)))}>
            Prendre le dossier en instruction
          </button>
        </p>
      ) : null}
      {reviewer && d.statut === 'en_instruction' ? <ReviewForm d={d} onDone={reload} say={say} /> : null}
    </Page>
  );
}

function CriteriaList({ d }: { d: Dossier }) {
  return (
    <Section id="criteres" title="Critères">
      <dl class="criteres">
        {d.criteres.map((c) => (
          <div key={c.id}>
            <dt>
              {c.titre}
              {c.obligatoire ? ' (obligatoire)' : ''}
            </dt>
            <dd>{c.reponse?.texte ?? 'Pas de réponse.'}</dd>
            {c.avis ? <dd>Avis : {c.avis.conforme ? 'conforme' : 'à revoir'}{c.avis.commentaire ? ` — ${c.avis.commentaire}` : ''}</dd> : null}
            {c.pieces.length ? (
              <dd>
                <PieceList dossierId={d.id} pieces={c.pieces} titre={c.titre} />
              </dd>
            ) : null}
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** Evidence files per criterion, while the dossier is editable: attach, download, remove. */
function PiecesSection({ d, onChange }: { d: Dossier; onChange: (text: string, ok: boolean) => void }) {
  return (
    <Section id="pieces" title="Pièces justificatives">
      {d.criteres.map((c) => (
        <div key={c.id} class="critere-pieces">
          <PieceList dossierId={d.id} pieces={c.pieces} titre={c.titre} onRemoved={onChange} />
          <PieceUpload dossierId={d.id} critereId={c.id} titre={c.titre} onDone={onChange} />
        </div>
      ))}
    </Section>
  );
}

function AnswerForm({ d, onDone, say }: { d: Dossier; onDone: () => void; say: (k: 'succes' | 'erreur', t: string) => void }) {
  const [answers, setAnswers] = useState<Record<string, string>>(() => Object.fromEntries(d.criteres.map((c) => [c.id, c.reponse?.texte ?? ''])));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = async (submit: boolean) => {
    const reponses = Object.entries(answers).filter(([, v]) => v.trim()).map(([critereId, reponse]) => ({ critereId, reponse }));
    if (reponses.length) {
      const r = await answerDossier(d.id, reponses);
      if (!r.ok) return setErrors([{ field: `reponse-${d.criteres[0].id}`, message: r.message }]);
    }
    if (submit) {
      const r = await submitDossier(d.id);
      if (!r.ok) {
        const missing = Array.isArray(r.details) ? (r.details as Array<{ path: string; message: string }>) : [];
        return setErrors(missing.length ? missing.map((m) => ({ field: `reponse-${m.path}`, message: `${d.criteres.find((c) => c.id === m.path)?.titre ?? m.path} : ${m.message}` })) : [{ field: `reponse-${d.criteres[0].id}`, message: r.message }]);
      }
    }
    setErrors([]);
    say('succes', submit ? 'Dossier déposé : l’animateur du réseau va l’instruire.' : 'Réponses enregistrées.');
    onDone();
  };
  return (
    <Section id="reponses" title="Vos réponses aux critères">
      <form noValidate onSubmit={(e) => (e.preventDefault(), void save(true))}>
        <ErrorSummary errors={errors} title="Le dossier n’a pas été déposé" />
        {d.criteres.map((c) => (
          <div key={c.id}>
            <TextArea
              id={`reponse-${c.id}`}
              label={c.titre}
              required={c.obligatoire}
              hint={c.avis && !c.avis.conforme ? `À revoir : ${c.avis.commentaire ?? ''}` : undefined}
              value={answers[c.id]}
              onValue={(v) => setAnswers((a) => ({ ...a, [c.id]: v }))}
              error={errors.find((x) => x.field === `reponse-${c.id}`)?.message}
            />
          </div>
        ))}
        <button type="button" class="bouton bouton--secondaire" onClick={() => void save(false)}>
          Enregistrer
        </button>{' '}
        <button type="submit" class="bouton">
          Déposer le dossier
        </button>
      </form>
    </Section>
  );
}

function ReviewForm({ d, onDone, say }: { d: Dossier; onDone: () => void; say: (k: 'succes' | 'erreur', t: string) => void }) {
  const [ok, setOk] = useState<string[]>(() => d.criteres.filter((c) => c.reponse).map((c) => c.id));
  const [comments, setComments] = useState<Record<string, string>>({});
  const [decision, setDecision] = useState<string[]>(['accorder']);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await reviewDossier(
      d.id,
      decision[0],
      d.criteres.map((c) => ({ critereId: c.id, conforme: ok.includes(c.id), ...(comments[c.id]?.trim() ? { commentaire: comments[c.id].trim() } : {}) })),
    );
    if (!r.ok) return say('erreur', r.message);
    say('succes', decision[0] === 'accorder' ? 'Label accordé : il apparaît dans l’annuaire.' : decision[0] === 'refuser' ? 'Dossier refusé.' : 'Modifications demandées à la structure.');
    onDone();
  };
  return (
    <Section id="instruction" title="Instruction">
      <CriteriaList d={d} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ChoiceGroup name="avis-conformes" legend="Critères conformes" type="checkbox" required={false} choices={d.criteres.map((c) => ({ value: c.id, label: c.titre }))} values={ok} onValues={setOk} />
        {d.criteres.map((c) => (
          <TextArea key={c.id} id={`avis-${c.id}`} label={`Commentaire : ${c.titre}`} rows={2} value={comments[c.id] ?? ''} onValue={(v) => setComments((m) => ({ ...m, [c.id]: v }))} />
        ))}
        <ChoiceGroup
          name="avis-decision"
          legend="Décision"
          type="radio"
          choices={[
            { value: 'accorder', label: 'Accorder le label' },
            { value: 'modifications', label: 'Demander des modifications' },
            { value: 'refuser', label: 'Refuser' },
          ]}
          values={decision}
          onValues={setDecision}
        />
        <button type="submit" class="bouton">
          Enregistrer l’avis
        </button>
      </form>
    </Section>
  );
}
