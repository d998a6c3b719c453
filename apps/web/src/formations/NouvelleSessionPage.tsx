import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { HalfDayPeriod, LieuSearchResult, TrainingSession } from '@pin/contracts';
import { api } from '../app/api';
import { ChoiceGroup, ErrorSummary, errorFor, fieldErrorsFrom, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import { createSession, fetchModules, fetchPaths } from './formations.api';
import { halfDayLabel, LEVEL_LABELS, placeLabel } from './format';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Programmer une session';

interface HalfDayRow {
  key: number;
  date: string;
  periode: HalfDayPeriod;
}

type Place = 'lieu' | 'visio';

/** Where the API's field paths point in this form (error links put the focus there). */
const FIELD_IDS: Record<string, string> = {
  moduleId: 'session-contenu',
  parcoursId: 'session-contenu',
  demiJournees: 'demi-journee-0-date',
  lieuId: 'session-lieu-recherche',
  visio: 'session-visio',
  formateur: 'session-formateur',
  'formateur.username': 'session-formateur',
  'formateur.nom': 'session-formateur-nom',
  capacite: 'session-capacite',
};

/** `/app/formations/sessions/nouvelle`: the network programmes a session (module or path, half-days, lieu or visio, trainer, capacity). */
export function NouvelleSessionPage() {
  return <Guard title={TITLE} policy={POLICIES.formation.manage}>{() => <NouvelleSession />}</Guard>;
}

function NouvelleSession() {
  const [created, setCreated] = useState<{ session: TrainingSession; at: number } | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <Page title={TITLE} lead="Une session d’un module ou d’un parcours du référentiel : ses demi-journées, son lieu ou sa visioconférence, son formateur et sa capacité. Elle paraît aussitôt dans le calendrier des formations.">
      {created ? (
        <Notice kind="succes" focusKey={created.at}>
          Session programmée : « {created.session.intitule} », {created.session.demiJournees.map((h) => halfDayLabel(h)).join(' ; ')} — {placeLabel(created.session)}.{' '}
          <a href={`/app/formations/sessions/${encodeURIComponent(created.session.id)}/emargement`}>Ouvrir sa feuille d’émargement</a>
        </Notice>
      ) : null}
      <SessionForm
        key={formKey}
        onCreated={(session) => {
          setCreated({ session, at: Date.now() });
          setFormKey((k) => k + 1);
        }}
      />
      <p>
        <a href="/app/formations">Revenir aux formations</a>
      </p>
    </Page>
  );
}

function SessionForm({ onCreated }: { onCreated: (s: TrainingSession) => void }) {
  const modules = useApi(fetchModules, []);
  const paths = useApi(fetchPaths, []);
  const [contenu, setContenu] = useState('');
  const [rows, setRows] = useState<HalfDayRow[]>([{ key: 0, date: '', periode: 'matin' }]);
  const [nextKey, setNextKey] = useState(1);
  const [place, setPlace] = useState<Place[]>(['lieu']);
  const [lieuId, setLieuId] = useState<string[]>([]);
  const [visio, setVisio] = useState('');
  const [formateur, setFormateur] = useState('');
  const [formateurNom, setFormateurNom] = useState('');
  const [capacite, setCapacite] = useState('12');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  if (modules.state.status === 'loading' || paths.state.status === 'loading') return <LiveStatus>Chargement du référentiel…</LiveStatus>;
  if (modules.state.status === 'error') return <LoadError text="Impossible d’afficher le référentiel." failure={modules.state.failure} retry={() => void modules.reload()} />;
  if (paths.state.status === 'error') return <LoadError text="Impossible d’afficher le référentiel." failure={paths.state.failure} retry={() => void paths.reload()} />;

  const options = [
    { value: '', label: 'Choisissez un parcours ou un module' },
    ...paths.state.data.items.map((p) => ({ value: `parcours:${p.id}`, label: `Parcours — ${p.titre}` })),
    ...modules.state.data.niveaux.flatMap((n) => n.modules.map((m) => ({ value: `module:${m.id}`, label: `Module (${LEVEL_LABELS[n.niveau].toLowerCase()}) — ${m.titre}` }))),
  ];

  const setRow = (key: number, patch: Partial<HalfDayRow>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRow = () => {
    setRows([...rows, { key: nextKey, date: rows[rows.length - 1]?.date ?? '', periode: 'apres-midi' }]);
    setNextKey(nextKey + 1);
    // The new half-day's date field takes the focus once drawn.
    setTimeout(() => document.getElementById(`demi-journee-${rows.length}-date`)?.focus(), 0);
  };
  const removeRow = (key: number) => setRows(rows.filter((r) => r.key !== key));

  function check(): FieldError[] {
    const out: FieldError[] = [];
    if (!contenu) out.push({ field: 'session-contenu', message: 'Choisissez le parcours ou le module de la session.' });
    rows.forEach((r, i) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date)) out.push({ field: `demi-journee-${i}-date`, message: `Demi-journée ${i + 1} : indiquez la date (JJ/MM/AAAA).` });
    });
    if (place[0] === 'lieu' && !lieuId[0]) out.push({ field: 'session-lieu-recherche', message: 'Choisissez le lieu de la session (cherchez-le par son nom ou sa commune).' });
    if (place[0] === 'visio' && !/^https:\/\/\S+$/.test(visio.trim())) out.push({ field: 'session-visio', message: 'Indiquez le lien de visioconférence (une adresse https://).' });
    if (!formateur.trim()) out.push({ field: 'session-formateur', message: 'Indiquez l’identifiant du formateur ou de la formatrice.' });
    if (!/^\d+$/.test(capacite.trim()) || Number(capacite) < 1 || Number(capacite) > 500) out.push({ field: 'session-capacite', message: 'Capacité : un nombre entier de 1 à 500.' });
    return out;
  }

  async function submit(e: Event) {
    e.preventDefault();
    const problems = check();
    setErrors(problems);
    if (problems.length) return;
    const [kind, id] = contenu.split(':');
    setBusy(true);
    const res = await createSession({
      ...(kind === 'parcours' ? { parcoursId: id } : { moduleId: id }),
      demiJournees: rows.map((r) => ({ date: r.date, periode: r.periode })),
      ...(place[0] === 'lieu' ? { lieuId: lieuId[0] } : { visio: visio.trim() }),
      formateur: { username: formateur.trim(), ...(formateurNom.trim() ? { nom: formateurNom.trim() } : {}) },
      capacite: Number(capacite),
    });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, FIELD_IDS);
      setErrors(fields.length ? fields : [{ field: res.code === 'SESSION.UNKNOWN_LIEU' ? 'session-lieu-recherche' : '', message: res.message }]);
      return;
    }
    onCreated(res.data);
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} class="session-form">
      <ErrorSummary errors={errors} id="erreurs-session" />
      <SelectField id="session-contenu" label="Parcours ou module" value={contenu} onValue={setContenu} options={options} error={errorFor(errors, 'session-contenu')} />
      <fieldset class="groupe">
        <legend>Demi-journées</legend>
        <p class="champ__aide">Matin : 9 h – 12 h 30 ; après-midi : 13 h 30 – 17 h (heure de Paris).</p>
        <ol class="demi-journees">
          {rows.map((r, i) => (
            <li key={r.key} class="demi-journee">
              <TextField id={`demi-journee-${i}-date`} label={`Date de la demi-journée ${i + 1}`} type="date" required value={r.date} onValue={(v) => setRow(r.key, { date: v })} error={errorFor(errors, `demi-journee-${i}-date`)} />
              <SelectField
                id={`demi-journee-${i}-periode`}
                label={`Moment de la demi-journée ${i + 1}`}
                value={r.periode}
                onValue={(v) => setRow(r.key, { periode: v as HalfDayPeriod })}
                options={[
                  { value: 'matin', label: 'Matin' },
                  { value: 'apres-midi', label: 'Après-midi' },
                ]}
              />
              {rows.length > 1 ? (
                <button type="button" class="bouton bouton--secondaire" onClick={() => removeRow(r.key)}>
                  Retirer la demi-journée {i + 1}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
        {rows.length < 20 ? (
          <button type="button" class="bouton bouton--secondaire" onClick={addRow}>
            Ajouter une demi-journée
          </button>
        ) : null}
      </fieldset>
      <ChoiceGroup
        name="session-modalite"
        legend="Où se tient la session ?"
        type="radio"
        choices={[
          { value: 'lieu', label: 'Dans un lieu de l’annuaire' },
          { value: 'visio', label: 'À distance (visioconférence)' },
        ]}
        values={place}
        onValues={(v) => setPlace(v as Place[])}
      />
      {place[0] === 'lieu' ? (
        <LieuPicker value={lieuId} onValue={setLieuId} error={errorFor(errors, 'session-lieu-recherche')} />
      ) : (
        <TextField id="session-visio" label="Lien de visioconférence" hint="Une adresse https:// ; seules les personnes inscrites la voient." required type="url" value={visio} onValue={setVisio} error={errorFor(errors, 'session-visio')} />
      )}
      <TextField id="session-formateur" label="Identifiant du formateur ou de la formatrice" hint="Son identifiant de connexion : il ou elle pourra émarger la session." required value={formateur} onValue={setFormateur} error={errorFor(errors, 'session-formateur')} />
      <TextField id="session-formateur-nom" label="Nom du formateur ou de la formatrice" value={formateurNom} onValue={setFormateurNom} error={errorFor(errors, 'session-formateur-nom')} />
      <TextField id="session-capacite" label="Nombre de places" hint="Au-delà, les inscriptions vont sur la liste d’attente." required inputMode="numeric" value={capacite} onValue={setCapacite} error={errorFor(errors, 'session-capacite')} />
      <p class="action">
        <button type="submit" class="bouton" disabled={busy}>
          Programmer la session
        </button>
      </p>
    </form>
  );
}

/** A lieu of the directory, found by name or commune through the public search, then chosen among the results. */
function LieuPicker({ value, onValue, error }: { value: string[]; onValue: (v: string[]) => void; error?: string }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<LieuSearchResult['items'] | null>(null);
  const [status, setStatus] = useState('');

  async function search() {
    if (!q.trim()) {
      setStatus('Saisissez le nom du lieu ou sa commune.');
      return;
    }
    setStatus('Recherche…');
    const res = await api.get<LieuSearchResult>('/api/v1/lieux', { query: { q: q.trim().slice(0, 100), pageSize: 10 } });
    if (!res.ok) {
      setStatus(res.message);
      return;
    }
    setFound(res.data.items);
    onValue([]);
    setStatus(res.data.items.length ? `${res.data.items.length} ${res.data.items.length > 1 ? 'lieux trouvés' : 'lieu trouvé'} : choisissez-en un.` : 'Aucun lieu ouvert ne correspond : essayez un autre nom ou la commune.');
  }

  return (
    <Section id="session-lieu" title="Lieu de la session">
      <div class="recherche-lieu">
        <TextField
          id="session-lieu-recherche"
          label="Nom du lieu ou commune"
          required
          value={q}
          onValue={setQ}
          error={error}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" class="bouton bouton--secondaire" onClick={() => void search()}>
          Chercher le lieu
        </button>
      </div>
      <LiveStatus>{status}</LiveStatus>
      {found?.length ? (
        <ChoiceGroup
          name="session-lieu-choix"
          legend="Lieux trouvés"
          type="radio"
          choices={found.map((l) => ({ value: l.id, label: `${l.nom} — ${l.commune}`, hint: l.adresse }))}
          values={value}
          onValues={onValue}
        />
      ) : null}
    </Section>
  );
}
