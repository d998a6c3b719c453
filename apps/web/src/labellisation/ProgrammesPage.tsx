import type { ProgrammeView } from '@pin/contracts';
import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frDate, recordNationalLabel, searchLieux } from './labellisation.api';
import { ProgrammeEditor } from './ProgrammeEditor';
import { fetchEditableProgrammes } from './programmes.api';

const TITLE = 'Programmes de label';

/**
 * Animateur: the editor of the territorial label programmes (levels, criteria, validity; each save
 * is a new version, dossiers already opened keep theirs) and the national labels recorded as facts.
 */
export function ProgrammesPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.manage}>
      {() => <Programmes />}
    </Guard>
  );
}

function Programmes() {
  const programmes = useApi(() => fetchEditableProgrammes(), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ProgrammeView[]>([]);
  const loaded = programmes.state.status === 'ok' ? programmes.state.data : null;
  const items = loaded ? [...loaded.items, ...created.filter((c) => !loaded.items.some((p) => p.id === c.id))] : [];
  const demarches = loaded?.demarches ?? [];
  return (
    <Page title={TITLE} lead="Le label territorial se mérite critère par critère : modifiez ses niveaux, ses critères et sa durée de validité (chaque enregistrement crée une version, les dossiers déjà ouverts gardent la leur). Les labels nationaux (France Services, #APTIC…) sont enregistrés comme des faits, avec leur preuve.">
      {programmes.state.status === 'loading' ? <LiveStatus>Chargement des programmes…</LiveStatus> : null}
      {programmes.state.status === 'error' ? <p class="statut statut--erreur">{programmes.state.failure.message}</p> : null}
      {items.filter((p) => p.nature === 'territorial').map((p) => (
        <ProgrammeEditor key={p.id} programme={p} demarches={demarches} onSaved={() => undefined} />
      ))}
      {loaded ? (
        creating ? (
          <ProgrammeEditor
            programme={null}
            demarches={demarches}
            onSaved={(p) => {
              setCreated((c) => [...c, p]);
              setCreating(false);
            }}
          />
        ) : (
          <p>
            <button type="button" class="bouton bouton--secondaire" onClick={() => setCreating(true)}>
              Créer un autre programme territorial
            </button>
          </p>
        )
      ) : null}
      <NationalLabel programmes={items.filter((p) => p.nature === 'national')} />
    </Page>
  );
}

function NationalLabel({ programmes }: { programmes: ProgrammeView[] }) {
  const [programmeId, setProgrammeId] = useState('');
  const [q, setQ] = useState('');
  const [lieux, setLieux] = useState<Array<{ id: string; nom: string; commune: string }> | null>(null);
  const [lieuId, setLieuId] = useState('');
  const [preuve, setPreuve] = useState('');
  const [depuis, setDepuis] = useState(new Date().toISOString().slice(0, 10));
  const [jusquAu, setJusquAu] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<{ n: number; text: string } | null>(null);
  const programme = programmeId || programmes[0]?.id || '';
  const lieu = lieuId || lieux?.[0]?.id || '';
  const search = async () => {
    const r = await searchLieux(q.trim());
    setLieuId('');
    if (!r.ok) {
      setErrors([{ field: 'national-recherche', message: r.message }]);
      return;
    }
    setErrors([]);
    setLieux(r.data.items);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!lieu) missing.push({ field: 'national-recherche', message: 'Lieu : recherchez le lieu labellisé par son nom ou sa commune.' });
    if (!preuve.trim()) missing.push({ field: 'national-preuve', message: 'Preuve : ce champ est obligatoire.' });
    setErrors(missing);
    if (missing.length) return;
    const r = await recordNationalLabel({ programmeId: programme, lieuId: lieu, preuve: preuve.trim(), depuis, jusquAu: jusquAu || undefined });
    if (!r.ok) {
      setErrors([{ field: 'national-preuve', message: r.message }]);
      return;
    }
    const nom = lieux?.find((l) => l.id === lieu)?.nom ?? '';
    setDone((d) => ({ n: (d?.n ?? 0) + 1, text: `Label « ${programmes.find((p) => p.id === programme)?.titre ?? programme} » enregistré pour ${nom} depuis le ${frDate(depuis)}.` }));
    setPreuve('');
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <Section id="labels-nationaux" title="Enregistrer un label national">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title="Le label n’a pas été enregistré" />
        <SelectField id="national-programme" label="Label national" value={programme} onValue={setProgrammeId} options={programmes.map((p) => ({ value: p.id, label: p.titre }))} />
        <TextField
          id="national-recherche"
          label="Rechercher le lieu"
          hint="Nom ou commune, puis « Rechercher »."
          required
          value={q}
          onValue={setQ}
          error={err('national-recherche')}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <p>
          <button type="button" class="bouton bouton--secondaire" onClick={() => void search()}>
            Rechercher
          </button>
        </p>
        {lieux ? (
          lieux.length ? (
            <SelectField id="national-lieu" label="Lieu" value={lieu} onValue={setLieuId} options={lieux.map((l) => ({ value: l.id, label: `${l.nom} (${l.commune})` }))} />
          ) : (
            <p role="status">Aucun lieu trouvé.</p>
          )
        ) : null}
        <TextField id="national-preuve" label="Preuve" hint="Référence au registre national, lien, numéro de convention." required value={preuve} onValue={setPreuve} error={err('national-preuve')} />
        <TextField id="national-depuis" label="Depuis le" required type="date" value={depuis} onValue={setDepuis} />
        <TextField id="national-jusqu-au" label="Jusqu’au" type="date" value={jusquAu} onValue={setJusquAu} />
        <button type="submit" class="bouton">
          Enregistrer le label
        </button>
        {done ? (
          <Notice kind="succes" focusKey={done.n}>
            {done.text}
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}
