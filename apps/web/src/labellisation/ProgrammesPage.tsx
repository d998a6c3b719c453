import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { fetchProgrammes, frDate, recordNationalLabel, searchLieux, type Programme } from './labellisation.api';

const TITLE = 'Programmes de label';

/**
 * Animateur: the label programmes (read-only: the API has no programme editing yet, the territorial
 * label's levels and criteria are seeded by migration) and the national labels recorded as facts.
 */
export function ProgrammesPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.manage}>
      {() => <Programmes />}
    </Guard>
  );
}

function Programmes() {
  const programmes = useApi(() => fetchProgrammes(), []);
  const items = programmes.state.status === 'ok' ? programmes.state.data.items : [];
  return (
    <Page title={TITLE} lead="Le label territorial se mérite critère par critère ; les labels nationaux (France Services, #APTIC…) sont enregistrés comme des faits, avec leur preuve.">
      {programmes.state.status === 'loading' ? <LiveStatus>Chargement des programmes…</LiveStatus> : null}
      {programmes.state.status === 'error' ? <p class="statut statut--erreur">{programmes.state.failure.message}</p> : null}
      {items.filter((p) => p.nature === 'territorial').map((p) => (
        <TerritorialProgramme key={p.id} programme={p} />
      ))}
      <NationalLabel programmes={items.filter((p) => p.nature === 'national')} />
    </Page>
  );
}

function TerritorialProgramme({ programme: p }: { programme: Programme }) {
  const niveau = (id: string | null) => (id ? (p.niveaux.find((n) => n.id === id)?.titre ?? id) : null);
  return (
    <Section id={`programme-${p.id}`} title={p.titre}>
      <p>{p.description}</p>
      <p>
        Niveaux : {p.niveaux.map((n) => n.titre).join(' < ')}. Validité : {p.validiteMois ?? '—'} mois.
      </p>
      <ul class="criteres">
        {p.criteres.map((c) => (
          <li key={c.id}>
            <strong>{c.titre}</strong> — {c.obligatoireDes ? `obligatoire dès le niveau « ${niveau(c.obligatoireDes)} »` : 'facultatif'}
            {c.description ? <p class="champ__aide">{c.description}</p> : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function NationalLabel({ programmes }: { programmes: Programme[] }) {
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
