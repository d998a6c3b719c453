import { useEffect, useRef, useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, DiagnosticAnswers, DiagnosticQuestionsResponse, DiagnosticResult, Orientation } from '@pin/contracts';
import { ErrorSummary, fieldErrorsFrom, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import { createDiagnostic, fetchDiagnosticQuestions } from './formations.api';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Diagnostic de premier niveau';

/** The order of the conversation: equipment first, the help wished for last. */
const ORDER: Array<keyof DiagnosticAnswers> = ['equipement', 'email', 'aisance', 'urgence', 'aideSouhaitee'];

/** What the person hears at the end: a suggestion, never a score. */
const ORIENTATION_TITLES: Record<Orientation, string> = {
  'aidant-habilite': 'Un aidant peut faire la démarche pour vous',
  'france-services': 'Un conseiller France Services peut vous accompagner',
  mediateur: 'Un médiateur numérique peut faire la démarche avec vous',
  atelier: 'Un atelier près de chez vous pour prendre confiance',
  autonome: 'Vous pouvez faire vos démarches en ligne',
};

type Step = { kind: 'accueil' } | { kind: 'question'; index: number } | { kind: 'consentement' } | { kind: 'resultat'; result: DiagnosticResult };

/**
 * `/app/formations/diagnostic`: a short conversation led by an aidant with the person, on a tablet —
 * one question per screen, large answer buttons, then the person's consent to keep the answers, and
 * an orientation suggestion.
 */
export function DiagnosticPage() {
  return <Guard title={TITLE} policy={POLICIES.formation.diagnostic}>{(user) => <Diagnostic user={user} />}</Guard>;
}

function Diagnostic({ user }: { user: CurrentUser }) {
  const { state, reload } = useApi(fetchDiagnosticQuestions, []);
  return (
    <Page title={TITLE}>
      {state.status === 'loading' ? <LiveStatus>Chargement des questions…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible de charger les questions." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? <Flow user={user} q={state.data} /> : null}
    </Page>
  );
}

function Flow({ user, q }: { user: CurrentUser; q: DiagnosticQuestionsResponse }) {
  const [step, setStep] = useState<Step>({ kind: 'accueil' });
  const [commune, setCommune] = useState('');
  const [answers, setAnswers] = useState<Partial<DiagnosticAnswers>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Each new screen: the focus on its question, so that it is read first.
  useEffect(() => heading.current?.focus(), [step]);

  function start(e: Event) {
    e.preventDefault();
    if (!/^(\d{5}|2[AB]\d{3})$/i.test(commune.trim())) {
      setErrors([{ field: 'diagnostic-commune', message: 'Code INSEE de la commune : cinq caractères, par exemple 40192 pour Mont-de-Marsan.' }]);
      return;
    }
    setErrors([]);
    setStep({ kind: 'question', index: 0 });
  }

  function answer(index: number, value: string) {
    setAnswers({ ...answers, [ORDER[index]]: value });
    setStep(index + 1 < ORDER.length ? { kind: 'question', index: index + 1 } : { kind: 'consentement' });
  }

  async function finish(consentement: boolean) {
    setBusy(true);
    const res = await createDiagnostic({ codeInsee: commune.trim().toUpperCase(), reponses: answers as DiagnosticAnswers, consentement });
    setBusy(false);
    if (res.ok) {
      setStep({ kind: 'resultat', result: res.data });
      return;
    }
    const fields = fieldErrorsFrom(res.details, { codeInsee: 'diagnostic-commune' });
    setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
    if (fields.some((f) => f.field === 'diagnostic-commune')) setStep({ kind: 'accueil' });
  }

  function restart() {
    setAnswers({});
    setErrors([]);
    setStep({ kind: 'accueil' });
  }

  if (step.kind === 'accueil') {
    return (
      <form class="diagnostic" noValidate onSubmit={start}>
        <h2 ref={heading} tabIndex={-1}>
          Quelques questions pour trouver ensemble la bonne aide
        </h2>
        <p>Cinq questions courtes, à parcourir avec la personne. Il n’y a pas de bonne ou de mauvaise réponse : elles servent seulement à proposer l’accompagnement qui lui convient.</p>
        <ErrorSummary errors={errors} id="erreurs-diagnostic" />
        <TextField
          id="diagnostic-commune"
          label="Code INSEE de la commune où habite la personne"
          hint="Par exemple 40192 pour Mont-de-Marsan, 40088 pour Dax. Il sert seulement au comptage anonyme par territoire."
          required
          inputMode="text"
          value={commune}
          onValue={setCommune}
          error={errors.find((e) => e.field === 'diagnostic-commune')?.message}
        />
        <p class="action">
          <button type="submit" class="bouton diagnostic__principal">
            Commencer
          </button>
        </p>
      </form>
    );
  }

  if (step.kind === 'question') {
    const key = ORDER[step.index];
    const item = q.questions[key];
    return (
      <div class="diagnostic">
        <p class="diagnostic__progression">
          Question {step.index + 1} sur {ORDER.length}
        </p>
        <h2 ref={heading} tabIndex={-1} id="diagnostic-question">
          {item.question}
        </h2>
        <ul class="diagnostic__reponses" aria-labelledby="diagnostic-question">
          {Object.entries(item.reponses).map(([value, label]) => (
            <li key={value}>
              <button type="button" class="diagnostic__reponse" aria-pressed={answers[key] === value} onClick={() => answer(step.index, value)}>
                {label}
              </button>
            </li>
          ))}
        </ul>
        <p class="action">
          <button type="button" class="bouton bouton--secondaire" onClick={() => setStep(step.index === 0 ? { kind: 'accueil' } : { kind: 'question', index: step.index - 1 })}>
            Revenir en arrière
          </button>
        </p>
      </div>
    );
  }

  if (step.kind === 'consentement') {
    return (
      <div class="diagnostic">
        <p class="diagnostic__progression">Dernière étape</p>
        <h2 ref={heading} tabIndex={-1} id="diagnostic-consentement">
          Acceptez-vous que vos réponses soient conservées ?
        </h2>
        <p>Elles sont gardées sans votre nom, pour que la structure puisse mieux vous accompagner. Si vous refusez, rien n’est gardé : vous recevez la même proposition.</p>
        <ErrorSummary errors={errors} id="erreurs-diagnostic" />
        <ul class="diagnostic__reponses" aria-labelledby="diagnostic-consentement">
          <li>
            <button type="button" class="diagnostic__reponse" disabled={busy} onClick={() => void finish(true)}>
              Oui, vous pouvez les conserver
            </button>
          </li>
          <li>
            <button type="button" class="diagnostic__reponse" disabled={busy} onClick={() => void finish(false)}>
              Non, ne rien conserver
            </button>
          </li>
        </ul>
        <p class="action">
          <button type="button" class="bouton bouton--secondaire" onClick={() => setStep({ kind: 'question', index: ORDER.length - 1 })}>
            Revenir en arrière
          </button>
        </p>
      </div>
    );
  }

  const r = step.result;
  return (
    <div class="diagnostic">
      <h2 ref={heading} tabIndex={-1}>
        Ce que nous vous proposons
      </h2>
      <section class="carte diagnostic__resultat" aria-labelledby="diagnostic-orientation">
        <h3 id="diagnostic-orientation">{ORIENTATION_TITLES[r.orientation]}</h3>
        <p>{q.orientations[r.orientation] ?? r.motif}</p>
      </section>
      <p>{r.conserve ? 'Vos réponses sont conservées sans votre nom.' : 'Comme vous l’avez demandé, vos réponses ne sont pas conservées.'}</p>
      <div class="actions">
        {r.orientation === 'aidant-habilite' && allows(user, POLICIES.usager.manage) ? (
          <a class="bouton" href="/app/usagers">
            Créer la fiche de la personne et un mandat
          </a>
        ) : (
          <a class="bouton" href="/">
            Trouver un lieu d’accompagnement proche
          </a>
        )}
        <button type="button" class="bouton bouton--secondaire" onClick={restart}>
          Commencer un nouvel échange
        </button>
      </div>
    </div>
  );
}
