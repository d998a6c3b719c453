import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { api, request } from '../app/api';
import { DataTable } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { ErrorSummary, errorFor, SelectField, TextField, type FieldError } from '../ui/form';
import { importProgressLabel, isImportFailed, isImportFinished } from './import-state';
import { mesLieuxHref } from './MesLieuxPage';
import type { ImportFlagGroup, ImportView } from './types';
import './annuaire.css';

const POLL_MS = 1000;
const SOURCE = /^[a-z0-9][a-z0-9_-]{1,39}$/;
/** Line numbers listed per flag (the rest: through the filtered list). */
const LINES_SHOWN = 30;

interface Doublon {
  id: string;
  distance_m?: number;
  lieu?: { id: string; nom: string; commune?: string; source?: string };
  doublon_de?: { id: string; nom: string; commune?: string; source?: string };
}

/** Import of lieux (national standard files) with a progress bar and its report; duplicates to review; export links. */
export function ImportPage() {
  return (
    <Guard title="Importer et exporter des lieux" policy={POLICIES.import.run} forbidden="Cette page est réservée aux animateurs du réseau.">
      {() => <Imports />}
    </Guard>
  );
}

function Imports() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState('auto');
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sending, setSending] = useState(false);
  const [startError, setStartError] = useState<{ text: string; n: number } | null>(null);
  const [job, setJob] = useState<{ id: string; state?: ImportView; error?: string } | null>(null);
  const [doublonsVersion, setDoublonsVersion] = useState(0);

  // Follows the running import until it ends.
  useEffect(() => {
    if (!job || (job.state && isImportFinished(job.state)) || job.error) return;
    let alive = true;
    const timer = setTimeout(
      async () => {
        const r = await api.get<ImportView>(`/api/v1/imports/${encodeURIComponent(job.id)}`);
        if (!alive) return;
        if (!r.ok) setJob({ ...job, error: `Impossible de suivre l’import. ${r.message}` });
        else {
          setJob({ id: job.id, state: r.data });
          if (isImportFinished(r.data)) setDoublonsVersion((v) => v + 1);
        }
      },
      job.state ? POLL_MS : 0,
    );
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [job]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const chosen = fileInput.current?.files?.[0];
    const src = source.trim().toLowerCase();
    const local: FieldError[] = [];
    if (!chosen) local.push({ field: 'import-fichier', message: 'Fichier : choisissez un fichier à importer.' });
    if (!SOURCE.test(src)) local.push({ field: 'import-source', message: 'Nom de la source : de 2 à 40 caractères, lettres minuscules, chiffres, - ou _ (ex. hinaura).' });
    setErrors(local);
    if (local.length || !chosen) return;
    setSending(true);
    setStartError(null);
    const json = /\.json$/i.test(chosen.name) || chosen.type === 'application/json';
    // The bytes as they are (the directory detects UTF-8 or Latin-1), JSON included.
    const r = await request<{ id: string }>('POST', '/api/v1/imports', {
      query: { format, source: src, filename: chosen.name.slice(0, 200) },
      body: chosen,
      headers: { 'content-type': json ? 'application/octet-stream' : 'text/csv' },
      timeoutMs: 120_000,
    });
    setSending(false);
    if (!r.ok) {
      setStartError((o) => ({ text: `L’import n’a pas pu démarrer. ${r.message}`, n: (o?.n ?? 0) + 1 }));
      return;
    }
    setJob({ id: r.data.id });
  };

  const running = sending || (job !== null && !job.error && !(job.state && isImportFinished(job.state)));
  const inline = (id: string) => errorFor(errors, id)?.replace(/^[^:]+ : /, '');

  return (
    <Page title="Importer et exporter des lieux">
      <form class="carte" noValidate aria-labelledby="titre-import" onSubmit={submit}>
        <h2 id="titre-import">Importer un fichier</h2>
        <ErrorSummary id="erreurs-import" errors={errors} />
        <div class={inline('import-fichier') ? 'champ champ--erreur' : 'champ'}>
          <label for="import-fichier">Fichier</label>
          <p class="champ__aide" id="import-fichier-aide">
            CSV ou JSON au standard des lieux de médiation numérique, en UTF-8 ou Latin-1.
          </p>
          {inline('import-fichier') ? (
            <p class="champ__erreur" id="import-fichier-erreur">
              <span class="visuellement-cache">Erreur : </span>
              {inline('import-fichier')}
            </p>
          ) : null}
          <input
            ref={fileInput}
            type="file"
            id="import-fichier"
            name="fichier"
            accept=".csv,.json,text/csv,application/json"
            required
            aria-invalid={inline('import-fichier') ? 'true' : undefined}
            aria-describedby={inline('import-fichier') ? 'import-fichier-aide import-fichier-erreur' : 'import-fichier-aide'}
          />
        </div>
        <SelectField
          id="import-format"
          label="Format"
          value={format}
          onValue={setFormat}
          options={[
            { value: 'auto', label: 'Détection automatique' },
            { value: 'v1.0.2-csv', label: 'Standard v1.0.2 (CSV)' },
            { value: 'v0.1-csv', label: 'Standard v0.1 (CSV)' },
            { value: 'v0.1-json', label: 'Standard v0.1 (JSON)' },
          ]}
        />
        <TextField
          id="import-source"
          label="Nom de la source"
          required
          hint="2 à 40 caractères : minuscules, chiffres, - ou _, ex. hinaura. Un nouvel import de la même source met ses lieux à jour."
          value={source}
          onValue={setSource}
          error={inline('import-source')}
        />
        <p class="action">
          <button type="submit" class="bouton" disabled={running}>
            Importer
          </button>
        </p>
        {sending ? <LiveStatus>Envoi du fichier…</LiveStatus> : null}
        {startError ? (
          <Notice kind="erreur" focusKey={startError.n}>
            {startError.text}
          </Notice>
        ) : null}
      </form>

      {job ? <Tracking job={job} /> : null}
      <Doublons version={doublonsVersion} />
      <Section id="export" title="Exporter les lieux">
        <p>Exports publics, au standard national et au format data.inclusion :</p>
        <ul>
          <li>
            <a href="/api/v1/export/lieux.csv" download>
              Lieux au standard v1.0.2 (CSV)
            </a>
          </li>
          <li>
            <a href="/api/v1/export/lieux.json" download>
              Lieux au standard v1.0.2 (JSON)
            </a>
          </li>
          <li>
            <a href="/api/v1/export/data-inclusion/structures.json" download>
              Structures data.inclusion (JSON)
            </a>
          </li>
          <li>
            <a href="/api/v1/export/data-inclusion/services.json" download>
              Services data.inclusion (JSON)
            </a>
          </li>
        </ul>
      </Section>
    </Page>
  );
}

function Tracking({ job }: { job: { id: string; state?: ImportView; error?: string } }) {
  const s = job.state;
  const value = s ? Math.max(0, Math.min(100, Number(s.progression) || 0)) : 0;
  const finished = !!s && isImportFinished(s);
  return (
    <Section id="suivi" title="Suivi de l’import">
      <label for="import-progression">Progression</label>
      <progress id="import-progression" max={100} value={value}>
        {value} %
      </progress>
      {job.error ? <LiveStatus error>{job.error}</LiveStatus> : finished ? null : <LiveStatus>{s ? importProgressLabel(s) : 'Fichier envoyé : l’import est en cours.'}</LiveStatus>}
      {finished ? (
        <Notice kind={isImportFailed(s) ? 'erreur' : 'succes'} focusKey={job.id}>
          {importProgressLabel(s)}
        </Notice>
      ) : null}
      {s ? <Report s={s} finished={finished} /> : null}
    </Section>
  );
}

function Report({ s, finished }: { s: ImportView; finished: boolean }) {
  const rejets = Array.isArray(s.rejetes) ? s.rejetes : [];
  const avertissements = Array.isArray(s.avertissements) ? s.avertissements : [];
  const groups: ImportFlagGroup[] = Array.isArray(s.signales)
    ? s.signales
    : Object.entries(s.signales_par_flag ?? {}).map(([flag, total]) => ({ flag, libelle: flag, total, lignes: [] }));
  return (
    <>
      <dl class="details">
        <dt>Lignes lues</dt>
        <dd>{s.total ?? '—'}</dd>
        <dt>Lieux importés</dt>
        <dd>{s.importes ?? 0}</dd>
        {s.crees !== undefined ? (
          <>
            <dt>dont créés</dt>
            <dd>{s.crees}</dd>
            <dt>dont mis à jour</dt>
            <dd>{s.mis_a_jour ?? 0}</dd>
          </>
        ) : null}
        {s.inchanges !== undefined ? (
          <>
            <dt>dont inchangés</dt>
            <dd>{s.inchanges}</dd>
          </>
        ) : null}
        <dt>Lignes rejetées</dt>
        <dd>{s.rejetes_total ?? rejets.length}</dd>
        <dt>Lieux signalés</dt>
        <dd>{s.signales_total ?? 0}</dd>
        <dt>Doublons possibles</dt>
        <dd>{Array.isArray(s.doublons) ? s.doublons.length : (s.doublons ?? 0)}</dd>
      </dl>
      {rejets.length ? (
        <DataTable
          caption="Lignes rejetées et pourquoi"
          columns={[
            { label: 'Ligne', rowHeader: true, render: (row) => row.ligne },
            { label: 'Motif du rejet', render: (row) => row.motif },
          ]}
          rows={rejets}
          rowKey={(row) => `${row.ligne}-${row.motif}`}
        />
      ) : null}
      {finished && groups.length ? (
        <DataTable
          caption="Lieux importés mais signalés, par motif"
          columns={[
            { label: 'Motif', rowHeader: true, render: (g) => g.libelle },
            { label: 'Lieux', render: (g) => g.total },
            {
              label: 'Lignes du fichier',
              render: (g) =>
                g.lignes.length ? (
                  <>
                    {g.lignes.slice(0, LINES_SHOWN).map((l, i) => (
                      <span key={l.ligne}>
                        {i ? ', ' : ''}
                        <a href={`/app/mes-lieux/${encodeURIComponent(l.lieu_id)}`}>
                          <span class="visuellement-cache">Modifier le lieu de la ligne </span>
                          {l.ligne}
                        </a>
                      </span>
                    ))}
                    {g.lignes.length > LINES_SHOWN ? ` et ${g.total - LINES_SHOWN} autres` : ''}
                  </>
                ) : (
                  '—'
                ),
            },
            {
              label: 'Liste',
              hiddenLabel: true,
              render: (g) => (
                <a href={mesLieuxHref({ flag: g.flag, source: s.source })}>
                  Voir ces lieux<span class="visuellement-cache"> : {g.libelle}, source {s.source}</span>
                </a>
              ),
            },
          ]}
          rows={groups}
          rowKey={(g) => g.flag}
        />
      ) : null}
      {avertissements.length ? (
        <details class="filtres">
          <summary>Valeurs ignorées ({avertissements.length})</summary>
          <DataTable
            caption="Valeurs facultatives ignorées, par ligne"
            columns={[
              { label: 'Ligne', rowHeader: true, render: (row) => row.ligne },
              { label: 'Valeur ignorée', render: (row) => row.motif },
            ]}
            rows={avertissements}
            rowKey={(row) => `${row.ligne}-${row.motif}`}
          />
        </details>
      ) : null}
    </>
  );
}

/** Possible duplicates between sources, to merge or to keep apart; reloaded after an import. */
function Doublons({ version }: { version: number }) {
  const [items, setItems] = useState<Doublon[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState<{ kind: 'succes' | 'erreur'; text: string; n: number } | null>(null);
  const loads = useRef(0);
  const load = useCallback(async (message = '') => {
    // Only the latest list is shown: the one asked for when the page opened may come back after the one asked for at the end of an import.
    const n = ++loads.current;
    const r = await api.get<{ items: Doublon[] } | Doublon[]>('/api/v1/doublons', { query: { statut: 'propose', pageSize: 100 } });
    if (n !== loads.current) return;
    if (!r.ok) {
      setError(`Impossible d’afficher les doublons possibles. ${r.message}`);
      return;
    }
    const list = Array.isArray(r.data) ? r.data : (r.data.items ?? []);
    setError('');
    setItems(list);
    if (message) setDone((o) => ({ kind: 'succes', text: `${message} ${countText(list.length)}`, n: (o?.n ?? 0) + 1 }));
  }, []);
  useEffect(() => {
    void load();
  }, [version]);

  const decide = async (d: Doublon, decision: 'fusionner' | 'distincts') => {
    const r = await api.post<unknown>(`/api/v1/doublons/${encodeURIComponent(d.id)}`, { decision });
    if (!r.ok) {
      setDone((o) => ({ kind: 'erreur', text: r.message, n: (o?.n ?? 0) + 1 }));
      return;
    }
    await load(decision === 'fusionner' ? 'Lieux fusionnés.' : 'Lieux marqués comme distincts.');
  };
  const describe = (l: Doublon['lieu']) => (l ? <a href={`/lieux/${encodeURIComponent(l.id)}`}>{`${l.nom}${l.commune ? ` (${l.commune})` : ''}${l.source ? ` — source ${l.source}` : ''}`}</a> : '—');

  return (
    <Section id="doublons" title="Doublons possibles à examiner">
      <LiveStatus error={!!error}>{error || (items === null ? 'Chargement des doublons possibles…' : done ? '' : countText(items.length))}</LiveStatus>
      {done ? (
        <Notice kind={done.kind} focusKey={done.n}>
          {done.text}
        </Notice>
      ) : null}
      {items?.length ? (
        <ul class="doublons">
          {items.map((d) => (
            <li class="carte" key={d.id}>
              <p>
                {describe(d.lieu)} et {describe(d.doublon_de)}
                {d.distance_m !== undefined ? ` — à ${Math.round(d.distance_m)} m l’un de l’autre` : ''}
              </p>
              <p class="action">
                <button type="button" class="bouton" onClick={() => void decide(d, 'fusionner')}>
                  Fusionner<span class="visuellement-cache"> : {d.lieu?.nom ?? '—'} et {d.doublon_de?.nom ?? '—'}</span>
                </button>
                <button type="button" class="bouton bouton--secondaire" onClick={() => void decide(d, 'distincts')}>
                  Ce sont deux lieux distincts<span class="visuellement-cache"> : {d.lieu?.nom ?? '—'} et {d.doublon_de?.nom ?? '—'}</span>
                </button>
              </p>
              <p class="aide">Fusionner ferme le premier lieu et garde le second.</p>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

const countText = (n: number) => (n === 0 ? 'Aucun doublon possible à examiner.' : `${n} doublon${n > 1 ? 's' : ''} possible${n > 1 ? 's' : ''} à examiner.`);
