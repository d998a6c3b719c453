import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { api } from '../app/api';
import { Guard } from '../ui/Guard';
import { Notice } from '../ui/Notice';
import { Loading, Page } from '../ui/Page';
import { ChoiceGroup, ErrorSummary, errorFor, TextArea, TextField, type FieldError } from '../ui/form';
import { canCloseLieu, FermerLieu, LieuFermeNotice } from './FermerLieu';
import { fieldErrors } from './format';
import { HOURS_EXPERT_ID, HoursEditor } from './HoursEditor';
import { LIEU_ID } from './LieuPage';
import { formValuesOf, lieuDataOf, type FormValues, type SlugField } from './lieu-form';
import { loadCatalogues, type Catalogues, type Vocabularies } from './referentiels';
import type { MesLieuxReply } from './types';
import './annuaire.css';

const FIELD_LABELS: Record<string, string> = {
  nom: 'Nom', pivot: 'SIRET ou RNA', adresse: 'Adresse', complement_adresse: 'Complément d’adresse', code_postal: 'Code postal', commune: 'Commune',
  code_insee: 'Code INSEE', latitude: 'Latitude', longitude: 'Longitude', telephone: 'Téléphone', courriels: 'Courriels', site_web: 'Sites web',
  horaires: 'Horaires', presentation_resume: 'Présentation courte', presentation_detail: 'Présentation détaillée', structure_parente: 'Structure parente',
  typologie: 'Typologie', fiche_acces_libre: 'Fiche Accès libre', prise_rdv: 'Prise de rendez-vous en ligne', autres_formations_labels: 'Autres formations et labels',
  services: 'Services', publics_specifiquement_adresses: 'Publics', prise_en_charge_specifique: 'Prise en charge spécifique', frais_a_charge: 'Frais',
  itinerance: 'Itinérance', dispositif_programmes_nationaux: 'Dispositifs', formations_labels: 'Formations et labels', modalites_acces: 'Modalités d’accès',
  modalites_accompagnement: 'Modalités d’accompagnement', demarches: 'Démarches', version: 'Version',
};

/** Business errors of the lieux API → the fields they are about. */
const CODE_FIELDS: Record<string, string[]> = {
  'LIEU.OUTSIDE_FRANCE': ['latitude', 'longitude'],
  'LIEU.OUTSIDE_DEPARTEMENT': ['latitude', 'longitude'],
  'LIEU.UNKNOWN_INSEE': ['code_insee'],
  'LIEU.POSTAL_CODE_MISMATCH': ['code_postal', 'code_insee'],
  'LIEU.INVALID_HOURS': ['horaires'],
  'DEMARCHE.UNKNOWN': ['demarches'],
};

const VOCAB_FIELDS: { field: SlugField & keyof Vocabularies; legend: string }[] = [
  { field: 'services', legend: 'Services (au moins un)' },
  { field: 'publics_specifiquement_adresses', legend: 'Publics accueillis en particulier' },
  { field: 'prise_en_charge_specifique', legend: 'Prise en charge spécifique' },
  { field: 'frais_a_charge', legend: 'Frais à charge' },
  { field: 'modalites_acces', legend: 'Modalités d’accès' },
  { field: 'modalites_accompagnement', legend: 'Modalités d’accompagnement' },
  { field: 'itinerance', legend: 'Itinérance' },
  { field: 'dispositif_programmes_nationaux', legend: 'Dispositifs et programmes nationaux' },
  { field: 'formations_labels', legend: 'Formations et labels' },
];

/** Withheld from the public while flagged (the edit form reads them from « mes lieux »). */
const WITHHELD = ['horaires-invalides', 'hors-france', 'hors-departement'];

/** API field name → id of the input that shows its error. */
function inputId(field: string): string {
  if (field === 'horaires') return HOURS_EXPERT_ID;
  if (field === 'demarches') return 'edit-demarches-0-0';
  if (VOCAB_FIELDS.some((f) => f.field === field)) return `edit-${field}-0`;
  return FIELD_LABELS[field] ? `champ-${field}` : '';
}
const fieldOfId = (id: string) => (id === HOURS_EXPERT_ID ? 'horaires' : id.replace(/^champ-/, '').replace(/^edit-/, '').replace(/-0(-0)?$/, ''));

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; lieu: Record<string, unknown>; catalogues: Catalogues; withheld: boolean };

/** Edit form of a lieu: every field of the standard, the hours editor, field-level errors, optimistic lock; closing it (FermerLieu). */
export function LieuEditPage({ params }: { params?: Record<string, string> }) {
  return (
    <Guard title="Modifier un lieu" policy={POLICIES.lieu.manage} forbidden="Cette page est réservée aux référents de structure et aux animateurs du réseau.">
      {(user) => <LieuEdit id={params?.id ?? ''} user={user} />}
    </Guard>
  );
}

function LieuEdit({ id, user }: { id: string; user: CurrentUser }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [closedNow, setClosedNow] = useState(0);
  useEffect(() => {
    if (!LIEU_ID.test(id)) {
      setLoaded({ state: 'error', message: 'Ce lieu n’existe pas ou a été retiré de l’annuaire.' });
      return;
    }
    let current = true;
    void (async () => {
      const [r, catalogues] = await Promise.all([api.get<Record<string, unknown>>(`/api/v1/lieux/${encodeURIComponent(id)}`), loadCatalogues()]);
      if (!r.ok) {
        if (current) setLoaded({ state: 'error', message: `Impossible d’afficher ce lieu. ${r.message}` });
        return;
      }
      const lieu = { ...r.data };
      const flags = Array.isArray(lieu.flags) ? (lieu.flags as string[]) : [];
      let withheld = false;
      if (flags.some((f) => WITHHELD.includes(f))) {
        // The public detail hides unreadable horaires and doubtful positions: their managers get them from « mes lieux ».
        const mine = await api.get<MesLieuxReply>('/api/v1/mes-lieux', { query: { q: String(lieu.nom ?? '').slice(0, 100), pageSize: 100 } });
        const stored = mine.ok ? mine.data.items.find((l) => l.id === id) : undefined;
        if (stored) Object.assign(lieu, { horaires: stored.horaires, latitude: stored.latitude, longitude: stored.longitude });
        else withheld = true;
      }
      if (current) setLoaded({ state: 'done', lieu, catalogues, withheld });
    })();
    return () => {
      current = false;
    };
  }, [id]);

  const back = (
    <p class="fil">
      <a href="/app/mes-lieux">Retour à la liste des lieux</a>
    </p>
  );
  if (loaded.state !== 'done') {
    return (
      <>
        {back}
        <Page title="Modifier un lieu">{loaded.state === 'loading' ? <Loading text="Chargement du lieu…" /> : <p class="statut statut--erreur">{loaded.message}</p>}</Page>
      </>
    );
  }
  const closed = loaded.lieu.statut === 'ferme';
  return (
    <>
      {back}
      <Page title={`Modifier « ${String(loaded.lieu.nom)} »`}>
        {loaded.catalogues.problem ? <p class="statut statut--erreur">Certaines listes n’ont pas pu être chargées. {loaded.catalogues.problem}</p> : null}
        {closedNow ? (
          <Notice kind="succes" focusKey={closedNow}>
            Le lieu « {String(loaded.lieu.nom)} » est fermé. Il n’apparaît plus sur la carte ni dans la recherche ;{' '}
            <a href={`/lieux/${encodeURIComponent(id)}`}>sa page</a> indique qu’il est fermé.
          </Notice>
        ) : null}
        {closed ? <LieuFermeNotice lieu={loaded.lieu} /> : null}
        {/* A new version (after closing) starts the form again from it: its optimistic lock follows. */}
        <EditForm key={String(loaded.lieu.version)} id={id} lieu={loaded.lieu} c={loaded.catalogues} withheld={loaded.withheld} />
        {!closed && canCloseLieu(user, loaded.lieu.structure_id) ? (
          <FermerLieu
            lieu={loaded.lieu}
            onClosed={(detail) => {
              // Only the closing's fields: the public detail withholds flagged horaires and positions.
              const { statut, closed_at, closed_motif, version, date_maj } = detail;
              setLoaded({ ...loaded, lieu: { ...loaded.lieu, statut, closed_at, closed_motif, version, date_maj } });
              setClosedNow((n) => n + 1);
            }}
          />
        ) : null}
      </Page>
    </>
  );
}

function EditForm({ id, lieu, c, withheld }: { id: string; lieu: Record<string, unknown>; c: Catalogues; withheld: boolean }) {
  const initial = useMemo(() => formValuesOf(lieu), []);
  const [v, setV] = useState<FormValues>(initial);
  const version = useRef(typeof lieu.version === 'number' ? lieu.version : undefined);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [apiHoursError, setApiHoursError] = useState<string | undefined>();
  const [hours, setHours] = useState<{ text: string; problems: FieldError[] }>({ text: initial.text.horaires, problems: [] });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'succes' | 'erreur'; text: string; n: number } | null>(null);
  const [conflict, setConflict] = useState(false);

  const setText = (f: string) => (value: string) => setV((o) => ({ ...o, text: { ...o.text, [f]: value } }));
  const setList = (f: string) => (value: string) => setV((o) => ({ ...o, lists: { ...o.lists, [f]: value } }));
  const setSlugs = (f: string) => (values: string[]) => setV((o) => ({ ...o, slugs: { ...o.slugs, [f]: values } }));
  const err = (field: string) => errorFor(errors, inputId(field));
  // The summary names the field; memoized, since it takes the focus whenever its list changes.
  const summary = useMemo(
    () =>
      errors.map((e) => {
        const field = fieldOfId(e.field);
        return e.field && FIELD_LABELS[field] && !e.message.startsWith(`${FIELD_LABELS[field]} :`) ? { ...e, message: `${FIELD_LABELS[field]} : ${e.message}` } : e;
      }),
    [errors],
  );

  const text = (name: string, opts: { hint?: string; required?: boolean; type?: string; autocomplete?: string; inputMode?: 'numeric' | 'decimal' | 'tel' } = {}) => (
    <TextField
      id={`champ-${name}`}
      name={name}
      label={FIELD_LABELS[name]}
      hint={opts.hint}
      required={opts.required}
      type={opts.type ?? 'text'}
      autocomplete={opts.autocomplete ?? 'off'}
      inputMode={opts.inputMode}
      value={name === 'latitude' || name === 'longitude' ? v[name as 'latitude' | 'longitude'] : v.text[name]}
      onValue={name === 'latitude' || name === 'longitude' ? (x) => setV((o) => ({ ...o, [name]: x })) : setText(name)}
      error={err(name)}
    />
  );
  const area = (name: string, value: string, onValue: (x: string) => void, hint?: string) => (
    <TextArea id={`champ-${name}`} label={FIELD_LABELS[name]} hint={hint} rows={3} value={value} onValue={onValue} error={err(name)} />
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setOutcome(null);
    setConflict(false);
    setTried(true);
    const values: FormValues = { ...v, text: { ...v.text, horaires: hours.text } };
    // Vocabularies that could not be shown keep their current values.
    for (const f of VOCAB_FIELDS) if (!Object.keys(c.vocab[f.field]).length) values.slugs[f.field] = initial.slugs[f.field];
    if (!c.themes.length) values.slugs.demarches = initial.slugs.demarches;
    const data = lieuDataOf(values);
    // Horaires hidden from us (flagged) and left alone: not sent, so not erased.
    if (withheld && hours.text === initial.text.horaires) delete data.horaires;
    const local: FieldError[] = [];
    if (!String(data.nom ?? '').trim()) local.push({ field: 'champ-nom', message: 'Le nom est obligatoire.' });
    if (data.latitude !== undefined && !Number.isFinite(data.latitude)) local.push({ field: 'champ-latitude', message: 'La latitude doit être un nombre, ex. 43.8906.' });
    if (data.longitude !== undefined && !Number.isFinite(data.longitude)) local.push({ field: 'champ-longitude', message: 'La longitude doit être un nombre, ex. -0.4997.' });
    local.push(...hours.problems);
    setApiHoursError(undefined);
    setErrors(local);
    if (local.length) return;
    setBusy(true);
    const r = await api.patch<Record<string, unknown>>(`/api/v1/lieux/${encodeURIComponent(id)}`, { version: version.current, ...data });
    setBusy(false);
    if (r.ok) {
      version.current = typeof r.data?.version === 'number' ? r.data.version : version.current !== undefined ? version.current + 1 : undefined;
      setErrors([]);
      setOutcome((o) => ({ kind: 'succes', text: 'Modifications enregistrées.', n: (o?.n ?? 0) + 1 }));
      return;
    }
    if (r.status === 409) {
      setConflict(true);
      setErrors([{ field: '', message: 'Ce lieu a été modifié par quelqu’un d’autre pendant que vous le modifiiez : vos changements n’ont pas été enregistrés. Rechargez la fiche pour partir de la dernière version.' }]);
      return;
    }
    const byCode = CODE_FIELDS[r.code];
    const fields = (byCode ? byCode.map((field) => ({ field, message: r.message })) : fieldErrors(r.details)).map((f) => ({ field: inputId(f.field), message: f.message }));
    if (fields.some((f) => f.field === HOURS_EXPERT_ID)) setApiHoursError(fields.find((f) => f.field === HOURS_EXPERT_ID)!.message);
    setErrors(fields.length ? (byCode ? fields : [{ field: '', message: r.message }, ...fields]) : [{ field: '', message: r.message }]);
  };

  return (
    <form class="formulaire" noValidate aria-labelledby="titre-formulaire-lieu" onSubmit={submit}>
      <h2 id="titre-formulaire-lieu" class="visuellement-cache">
        Fiche du lieu
      </h2>
      <ErrorSummary id="erreurs-lieu" errors={summary} />
      {conflict ? (
        <p class="action">
          <button type="button" class="bouton" onClick={() => location.reload()}>
            Recharger la fiche
          </button>
        </p>
      ) : null}
      <p class="aide">Tous les champs sont obligatoires, sauf ceux marqués « (facultatif) ».</p>
      <fieldset class="groupe">
        <legend>Identité</legend>
        {text('nom', { required: true })}
        {text('pivot', { hint: 'SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres).' })}
        {text('structure_parente')}
        {area('typologie', v.lists.typologie, setList('typologie'), 'Codes data.inclusion, un par ligne (ex. ASSO, COMMUNE, TIERS_LIEUX).')}
        {area('presentation_resume', v.text.presentation_resume, setText('presentation_resume'), '280 caractères au plus.')}
        {area('presentation_detail', v.text.presentation_detail, setText('presentation_detail'))}
      </fieldset>
      <fieldset class="groupe">
        <legend>Adresse et position</legend>
        {text('adresse', { required: true, autocomplete: 'address-line1' })}
        {text('complement_adresse', { autocomplete: 'address-line2' })}
        {text('code_postal', { required: true, inputMode: 'numeric', autocomplete: 'postal-code' })}
        {text('commune', { required: true })}
        {text('code_insee', { required: true, hint: '5 caractères, ex. 40192 pour Mont-de-Marsan.' })}
        {text('latitude', { required: true, inputMode: 'decimal', hint: 'En degrés décimaux, ex. 43.8906.' })}
        {text('longitude', { required: true, inputMode: 'decimal', hint: 'En degrés décimaux, ex. -0.4997.' })}
      </fieldset>
      <fieldset class="groupe">
        <legend>Contacts</legend>
        {text('telephone', { type: 'tel', hint: 'Ex. 05 58 00 00 00.' })}
        {area('courriels', v.lists.courriels, setList('courriels'), 'Une adresse par ligne.')}
        {area('site_web', v.lists.site_web, setList('site_web'), 'Une adresse par ligne, commençant par https://.')}
        {text('prise_rdv', { type: 'url' })}
        {text('fiche_acces_libre', { type: 'url' })}
      </fieldset>
      {withheld ? (
        <p class="notice notice--alerte">Les horaires enregistrés de ce lieu sont illisibles et n’ont pas pu être chargés : ils restent tels quels tant que vous n’en saisissez pas de nouveaux.</p>
      ) : null}
      <HoursEditor
        initial={initial.text.horaires}
        onChange={(t, problems) => setHours({ text: t, problems })}
        showErrors={tried}
        serverError={apiHoursError}
        place={{ lat: typeof lieu.latitude === 'number' ? lieu.latitude : null, lon: typeof lieu.longitude === 'number' ? lieu.longitude : null }}
      />
      <fieldset class="groupe">
        <legend>Offre du lieu</legend>
        {VOCAB_FIELDS.filter((f) => Object.keys(c.vocab[f.field]).length).map((f) => (
          <ChoiceGroup
            key={f.field}
            name={`edit-${f.field}`}
            legend={f.legend}
            type="checkbox"
            required={f.field === 'services'}
            choices={Object.entries(c.vocab[f.field]).map(([value, label]) => ({ value, label }))}
            values={v.slugs[f.field]}
            onValues={setSlugs(f.field)}
            error={err(f.field)}
          />
        ))}
        {area('autres_formations_labels', v.lists.autres_formations_labels, setList('autres_formations_labels'), 'Un par ligne.')}
        {c.themes.length ? (
          <fieldset class={err('demarches') ? 'groupe groupe--erreur' : 'groupe'}>
            <legend>
              Démarches pour lesquelles le lieu aide<span class="champ__facultatif"> (facultatif)</span>
            </legend>
            {err('demarches') ? (
              <p class="champ__erreur">
                <span class="visuellement-cache">Erreur : </span>
                {err('demarches')}
              </p>
            ) : null}
            {c.themes.map((t, i) => (
              <ChoiceGroup
                key={t.theme}
                name={`edit-demarches-${i}`}
                legend={t.theme}
                type="checkbox"
                choices={t.demarches.map((d) => ({ value: d.slug, label: d.libelle }))}
                values={v.slugs.demarches.filter((s) => t.demarches.some((d) => d.slug === s))}
                onValues={(values) =>
                  setV((o) => ({ ...o, slugs: { ...o.slugs, demarches: [...o.slugs.demarches.filter((s) => !t.demarches.some((d) => d.slug === s)), ...values] } }))
                }
              />
            ))}
          </fieldset>
        ) : null}
      </fieldset>
      <p class="action">
        <button type="submit" class="bouton" disabled={busy}>
          Enregistrer
        </button>
        <a href={`/lieux/${encodeURIComponent(id)}`}>Voir la page publique</a>
      </p>
      {busy ? <p class="statut" role="status">Enregistrement…</p> : null}
      {outcome ? (
        <Notice kind={outcome.kind} focusKey={outcome.n}>
          {outcome.text}
        </Notice>
      ) : null}
    </form>
  );
}
