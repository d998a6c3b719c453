import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { POLICIES } from '@pin/contracts/policies';
import type { Demarche, DureeMandat } from '@pin/contracts';
import { idempotencyKey } from '../app/api';
import { AttestationBox, ChoiceGroup, ErrorSummary, errorFor, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { DEMARCHES, DUREES, demarcheLabel, frCalendarDate, frDateTime } from './demarches';
import { attestationUrl, attestationWithCode, createMandat, fetchUsager, selectedStructure } from './mandats.api';
import { LoadError, printCode, structureLabel, usagerName } from './parts';
import type { Mandat, Usager } from './types';
import { parseWizard, wizardUrl, type WizardChoices, type WizardStep } from './wizard-state';

export const CONSENT_TEXT = [
  'La personne m’a donné son accord, en ma présence, pour que j’effectue en son nom les démarches cochées, pendant la durée choisie.',
  'Je l’ai informée que ce mandat est un mandat au sens des articles 1984 et suivants du Code civil, qu’il ne couvre que ces démarches, qu’elle peut le révoquer à tout moment, elle-même depuis son espace PIN ou auprès de la structure, et que chaque utilisation est inscrite dans un journal qu’elle peut consulter.',
  'Je l’ai informée que ses données sont traitées sur le fondement de l’article 6 du RGPD (consentement et exécution du mandat), conservées au plus trois ans après la fin du dernier mandat, et qu’elle peut y accéder, les faire rectifier ou effacer.',
];

const STEPS = ['Démarches et durée', 'Vérification et consentement', 'Attestation'];
const SLUGS = DEMARCHES.map((d) => d.slug);

/**
 * The mandate just created, kept in memory only (never in the URL nor in storage: the answer
 * holds the usager's one-time claim code), so that step 3 survives the URL change.
 */
let created: { usagerId: string; mandat: Mandat } | null = null;

/** Aidant: the mandate wizard (choices → summary and consent → attestation to print), its step in the URL. */
export function WizardPage() {
  const { params } = useRoute();
  return (
    <Guard title="Nouveau mandat" policy={POLICIES.usager.manage}>
      {(user) => <Wizard usagerId={params.id ?? ''} structures={user.structures} />}
    </Guard>
  );
}

function Wizard({ usagerId, structures }: { usagerId: string; structures: readonly string[] }) {
  const { query, route } = useLocation();
  const { step, choices } = parseWizard(query, SLUGS);
  const { state, reload } = useApi(() => fetchUsager(usagerId), [usagerId]);
  // After a step change the focus goes to the step's heading (after the router's move to the h1).
  useEffect(() => {
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => document.getElementById('titre-etape')?.focus());
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [step]);
  const go = (to: WizardStep, c: WizardChoices, replace = false) => route(wizardUrl(usagerId, to, c), replace);
  return (
    <Page title="Nouveau mandat">
      {state.status === 'loading' ? <LiveStatus>Chargement de la fiche de l’usager…</LiveStatus> : null}
      {state.status === 'error' ? (
        state.failure.status === 404 ? <p class="statut statut--erreur">Usager introuvable.</p> : <LoadError text="Impossible de charger l’usager." failure={state.failure} retry={() => void reload()} />
      ) : null}
      {state.status === 'ok' ? (
        <>
          <ol class="etapes etapes--assistant" aria-label="Étapes">
            {STEPS.map((s, i) => (
              <li key={s} aria-current={i + 1 === step ? 'step' : undefined}>
                {i + 1}. {s}
              </li>
            ))}
          </ol>
          <h2 tabIndex={-1} id="titre-etape">
            Étape {step} sur {STEPS.length} : {STEPS[step - 1]}
          </h2>
          {step === 1 ? (
            <ChoicesStep
              usager={state.data}
              structures={structures}
              initial={choices}
              onDone={(c) => {
                // The current entry keeps the choices (Back comes here), the next one is step 2.
                go(1, c, true);
                go(2, c);
              }}
            />
          ) : null}
          {step === 2 ? (
            <ConsentStep
              usager={state.data}
              choices={{ ...choices, structureId: choices.structureId ?? (structures.length > 1 ? selectedStructure(structures) : undefined) }}
              onBack={() => (history.length > 1 ? history.back() : go(1, choices, true))}
              onCreated={(mandat) => {
                created = { usagerId, mandat };
                // Step 3 replaces step 2: Back goes to the choices, not to a form already sent.
                go(3, choices, true);
              }}
            />
          ) : null}
          {step === 3 ? <DoneStep usager={state.data} mandat={created?.usagerId === usagerId ? created.mandat : null} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function who(u: Usager): string {
  return `${usagerName(u)}, né(e) le ${frCalendarDate(u.dateNaissance)}`;
}

function ChoicesStep({ usager, structures, initial, onDone }: { usager: Usager; structures: readonly string[]; initial: WizardChoices; onDone: (c: WizardChoices) => void }) {
  const [demarches, setDemarches] = useState<string[]>(initial.demarches);
  const [duree, setDuree] = useState<string[]>(initial.dureeJours ? [String(initial.dureeJours)] : []);
  const [structure, setStructure] = useState<string[]>(() => {
    const s = initial.structureId ?? selectedStructure(structures);
    return s ? [s] : [];
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!demarches.length) found.push({ field: 'mandat-demarches-0', message: 'Cochez au moins une démarche.' });
    if (!duree.length) found.push({ field: 'mandat-duree-0', message: 'Choisissez la durée du mandat.' });
    setErrors(found);
    if (found.length) return;
    // The démarches in the list's order, whatever the order they were ticked in.
    onDone({ demarches: SLUGS.filter((s) => demarches.includes(s)), dureeJours: Number(duree[0]), structureId: structures.length > 1 ? structure[0] : undefined });
  };
  return (
    <form noValidate aria-labelledby="titre-etape" onSubmit={submit}>
      <p>
        Mandat pour <strong>{who(usager)}</strong>.
      </p>
      <ErrorSummary errors={errors} />
      {structures.length > 1 ? (
        <ChoiceGroup name="mandat-structure" legend="Structure pour laquelle vous agissez" type="radio" choices={structures.map((id) => ({ value: id, label: structureLabel(id) }))} values={structure} onValues={setStructure} />
      ) : null}
      <ChoiceGroup
        name="mandat-demarches"
        legend="Démarches couvertes par le mandat"
        type="checkbox"
        hint="Cochez uniquement les domaines dont la personne a besoin aujourd’hui."
        choices={DEMARCHES.map((d) => ({ value: d.slug, label: d.label, hint: d.description }))}
        values={demarches}
        onValues={setDemarches}
        error={errorFor(errors, 'mandat-demarches-0')}
      />
      <ChoiceGroup
        name="mandat-duree"
        legend="Durée du mandat"
        type="radio"
        choices={DUREES.map((d) => ({ value: String(d.jours), label: d.label, hint: d.hint }))}
        values={duree}
        onValues={setDuree}
        error={errorFor(errors, 'mandat-duree-0')}
      />
      <div class="actions">
        <button type="submit" class="bouton">
          Continuer
        </button>
        <a href={`/app/usagers/${usager.id}`}>Annuler</a>
      </div>
    </form>
  );
}

function ConsentStep({ usager, choices, onBack, onCreated }: { usager: Usager; choices: WizardChoices; onBack: () => void; onCreated: (m: Mandat) => void }) {
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [summaryTitle, setSummaryTitle] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per set of choices: a double click or a retry creates one mandate.
  const key = useMemo(() => idempotencyKey(), [choices.demarches.join(), choices.dureeJours, choices.structureId]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSummaryTitle(undefined);
    if (!consent) {
      setErrors([{ field: 'mandat-consentement', message: 'Le consentement de la personne est obligatoire.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await createMandat(
      { usagerId: usager.id, structureId: choices.structureId, demarches: choices.demarches as Demarche[], dureeJours: choices.dureeJours as DureeMandat, consentement: true },
      key,
    );
    setBusy(false);
    if (!res.ok) {
      setSummaryTitle('Le mandat n’a pas été créé');
      setErrors([{ field: '', message: res.message }]);
      return;
    }
    onCreated(res.data);
  };
  const consentError = errorFor(errors, 'mandat-consentement');
  return (
    <form noValidate aria-labelledby="titre-etape" onSubmit={(e) => void submit(e)}>
      <ErrorSummary errors={errors} title={summaryTitle} />
      <section aria-labelledby="titre-recap">
        <h3 id="titre-recap">Récapitulatif</h3>
        <dl class="recap">
          <dt>Usager</dt>
          <dd>{who(usager)}</dd>
          {choices.structureId ? (
            <>
              <dt>Structure</dt>
              <dd>{structureLabel(choices.structureId)}</dd>
            </>
          ) : null}
          <dt>Démarches</dt>
          <dd>
            <ul class="liste-simple">
              {choices.demarches.map((d) => (
                <li key={d}>{demarcheLabel(d)}</li>
              ))}
            </ul>
          </dd>
          <dt>Durée</dt>
          <dd>{DUREES.find((d) => d.jours === choices.dureeJours)?.label ?? `${choices.dureeJours} jours`}</dd>
        </dl>
      </section>
      <AttestationBox
        id="mandat-consentement"
        legend="Consentement de la personne"
        label="Je confirme avoir lu ce texte à la personne, qui a donné son consentement."
        checked={consent}
        onChecked={setConsent}
        error={consentError}
        describedBy="texte-consentement"
      >
        <div class="texte-legal" id="texte-consentement" tabIndex={0} role="region" aria-label="Texte du consentement">
          {CONSENT_TEXT.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      </AttestationBox>
      <div class="actions">
        <button type="submit" class="bouton" disabled={busy}>
          Créer le mandat
        </button>
        <button type="button" class="bouton bouton--secondaire" onClick={onBack}>
          Modifier mes choix
        </button>
      </div>
      {busy ? <LiveStatus>Création du mandat…</LiveStatus> : null}
    </form>
  );
}

function DoneStep({ usager, mandat }: { usager: Usager; mandat: Mandat | null }) {
  const [pdf, setPdf] = useState<{ url: string } | { error: string } | null>(null);
  // Leaving the attestation forgets the mandate's answer and its claim code.
  useEffect(
    () => () => {
      if (created?.mandat === mandat) created = null;
    },
    [mandat],
  );
  useEffect(() => {
    if (!mandat?.codeReclamation) return;
    let url = '';
    let live = true;
    // The claim code goes in a POST body; the links then point at the PDF held by this page.
    void attestationWithCode(mandat.id, mandat.codeReclamation).then((res) => {
      if (res.ok) url = res.url;
      if (!live) {
        if (url) URL.revokeObjectURL(url);
        return;
      }
      setPdf(res.ok ? { url: res.url } : { error: res.message });
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [mandat]);
  if (!mandat) {
    return (
      <p>
        Ce mandat a déjà été créé. Son attestation se trouve sur <a href={`/app/usagers/${usager.id}`}>la fiche de l’usager</a>.
      </p>
    );
  }
  const href = mandat.codeReclamation ? (pdf && 'url' in pdf ? pdf.url : null) : attestationUrl(mandat.id);
  return (
    <>
      <div class="succes" role="status">
        <p>
          <strong>Mandat créé.</strong> Il est valable du {frDateTime(mandat.debut)} au {frDateTime(mandat.fin)}.
        </p>
      </div>
      {mandat.codeReclamation ? (
        <div class="code-a-imprimer">
          <p>
            Code à usage unique de la personne pour créer son espace : <span class="code-reclamation">{mandat.codeReclamation}</span> (il figure aussi sur l’attestation).
          </p>
          <p class="seulement-impression">
            {usagerName(usager)} : pour voir vos mandats et leur journal, créez votre compte ou connectez-vous sur PIN ({location.origin}/app/connexion), puis saisissez ce code dans « Mes mandats ».
          </p>
        </div>
      ) : null}
      <p>Imprimez l’attestation en deux exemplaires : l’un pour la personne, l’autre pour la structure. Faites-les signer.</p>
      {mandat.codeReclamation && !pdf ? <LiveStatus>Préparation de l’attestation…</LiveStatus> : null}
      {pdf && 'error' in pdf ? <p class="statut statut--erreur">{pdf.error}</p> : null}
      <div class="actions">
        {href ? (
          <>
            <a class="bouton" href={href} download={`mandat-${mandat.id}.pdf`}>
              Télécharger l’attestation (PDF)
            </a>
            <a class="bouton bouton--secondaire" href={href} target="_blank" rel="noopener">
              Ouvrir pour imprimer<span class="visuellement-cache"> (nouvel onglet)</span>
            </a>
          </>
        ) : null}
        {mandat.codeReclamation ? (
          <button type="button" class="bouton bouton--secondaire" onClick={printCode}>
            Imprimer seulement le code
          </button>
        ) : null}
        <a href={`/app/usagers/${usager.id}`}>Revenir à la fiche de l’usager</a>
      </div>
    </>
  );
}
