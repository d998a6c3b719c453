import { useState } from 'preact/hooks';
import type { ApiResult } from '../app/api';
import { Badge } from '../ui/Badge';
import { DataTable } from '../ui/DataTable';
import { LiveStatus, Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDate, frDateTime } from './demarches';
import { journalDetails, journalSentence, type Reader } from './journal';
import { attestationUrl, revocationUrl, revokeMandat } from './mandats.api';
import { idempotencyKey } from '../app/api';
import type { Items, JournalEntry, Mandat } from './types';
import './mandats.css';

const STATUTS: Record<string, [string, string]> = {
  valide: ['Valide', 'valide'],
  active: ['Active', 'valide'],
  a_venir: ['À venir', 'avenir'],
  revoque: ['Révoqué', 'revoque'],
  revoquee: ['Révoquée', 'revoque'],
  expire: ['Expiré', 'expire'],
  expiree: ['Expirée', 'expire'],
};

/** Status of a mandate (valide, a_venir…) or of one of its démarches (active, revoquee…). */
export function StatutBadge({ statut }: { statut: string }) {
  const [label, kind] = STATUTS[statut] ?? [statut, 'expire'];
  return <Badge kind={kind}>{label}</Badge>;
}

/** « LAFITTE Jeanne Marie »: family name in capitals, as on the ID document. */
export const usagerName = (u: { nom: string; prenoms: string }) => `${u.nom.toLocaleUpperCase('fr-FR')} ${u.prenoms}`;

/** Aidants cannot list structures: without a name, a structure is named by the start of its identifier. */
export const structureLabel = (id: string, nom?: string | null) => nom ?? `Structure ${id.slice(0, 8)}`;

/** A failed load, said in place, with a way to try again. */
export function LoadError({ text, failure, retry }: { text: string; failure: { message: string }; retry?: () => void }) {
  return (
    <div>
      <p class="statut statut--erreur">
        {text} {failure.message}
      </p>
      {retry ? (
        <p>
          <button type="button" class="bouton bouton--secondaire" onClick={retry}>
            Réessayer
          </button>
        </p>
      ) : null}
    </div>
  );
}

type Load<T> = () => Promise<ApiResult<T>>;

/**
 * The mandates of one usager, as cards: scope, dates, status, attestations and revocation. Used by
 * the aidant's usager page and by the usager's own space (`asUsager`).
 */
export function MandatsSection({ load, asUsager, deps, onChange }: { load: Load<Items<Mandat>>; asUsager: boolean; deps: readonly unknown[]; onChange?: () => void }) {
  const { state, reload } = useApi(load, deps);
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  const changed = async (text: string) => {
    await reload();
    setMessage((m) => ({ text, n: (m?.n ?? 0) + 1 }));
    onChange?.();
  };
  return (
    <Section id="mandats" title={asUsager ? 'Mes mandats' : 'Mandats'}>
      {message ? (
        <Notice kind="succes" focusKey={message.n}>
          {message.text}
        </Notice>
      ) : null}
      {state.status === 'loading' ? <LiveStatus>Chargement des mandats…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les mandats." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' && state.data.items.length === 0 ? <p class="statut">{asUsager ? 'Vous n’avez aucun mandat.' : 'Aucun mandat pour cet usager.'}</p> : null}
      {state.status === 'ok' ? state.data.items.map((m) => <MandatCard key={`${m.id}-${m.statut}-${m.demarches.map((d) => d.statut).join()}`} m={m} asUsager={asUsager} changed={changed} />) : null}
    </Section>
  );
}

/** A démarche's status is worth showing when it differs from its mandate's (one revoked in a valid mandate). */
function ownStatus(m: Mandat, statut: string): boolean {
  const same: Record<string, string> = { valide: 'active', a_venir: 'a_venir', revoque: 'revoquee', expire: 'expiree' };
  return statut !== same[m.statut];
}

function MandatCard({ m, asUsager, changed }: { m: Mandat; asUsager: boolean; changed: (text: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const titleId = `mandat-${m.id}`;
  const active = m.statut === 'valide' || m.statut === 'a_venir';
  const du = ` du ${frDate(m.debut)}`;
  return (
    <article class="carte" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Mandat du {frDate(m.debut)} <StatutBadge statut={m.statut} />
      </h3>
      <dl class="recap">
        {m.structure.nom ? (
          <>
            <dt>Structure</dt>
            <dd>{m.structure.nom}</dd>
          </>
        ) : null}
        {!asUsager && m.creePar ? (
          <>
            <dt>Établi par</dt>
            <dd>{m.creePar.nom ?? m.creePar.username}</dd>
          </>
        ) : null}
        <dt>Validité</dt>
        <dd>
          Du {frDateTime(m.debut)} au {frDateTime(m.fin)}
        </dd>
        {m.revoqueLe ? (
          <>
            <dt>Révoqué le</dt>
            <dd>{frDateTime(m.revoqueLe)}</dd>
          </>
        ) : null}
        <dt>Démarches</dt>
        <dd>
          <ul class="liste-simple">
            {m.demarches.map((d) => (
              <li key={d.slug}>
                {d.label || demarcheLabel(d.slug)}
                {ownStatus(m, d.statut) ? (
                  <>
                    {' — '}
                    <StatutBadge statut={d.statut} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <div class="actions">
        <a href={attestationUrl(m.id)} download={`mandat-${m.id}.pdf`}>
          Attestation du mandat (PDF)<span class="visuellement-cache">{du}</span>
        </a>
        {m.statut === 'revoque' || m.demarches.some((d) => d.statut === 'revoquee') ? (
          <a href={revocationUrl(m.id)} download={`revocation-${m.id}.pdf`}>
            Attestation de révocation (PDF)<span class="visuellement-cache"> du mandat{du}</span>
          </a>
        ) : null}
        {active ? (
          <button type="button" class="bouton bouton--danger" aria-expanded={open ? 'true' : 'false'} aria-controls={`revocation-${m.id}`} onClick={() => setOpen(!open)}>
            Révoquer ce mandat<span class="visuellement-cache">{du}</span>
          </button>
        ) : null}
      </div>
      {active ? (
        <div id={`revocation-${m.id}`} hidden={!open}>
          {open ? <RevokeForm m={m} asUsager={asUsager} changed={changed} /> : null}
        </div>
      ) : null}
    </article>
  );
}

/** Whole mandate, or some of its démarches; confirmed by a second, clearly named button. */
function RevokeForm({ m, asUsager, changed }: { m: Mandat; asUsager: boolean; changed: (text: string) => Promise<void> }) {
  const active = m.demarches.filter((d) => d.statut === 'active' || d.statut === 'a_venir');
  const [scope, setScope] = useState<'tout' | 'partie'>('tout');
  const [slugs, setSlugs] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useState(idempotencyKey);
  const name = `portee-${m.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (scope === 'partie' && slugs.length === 0) {
      setError('Cochez au moins une démarche à révoquer.');
      document.getElementById(`${name}-0`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const partial = scope === 'partie' && slugs.length < active.length;
    const res = await revokeMandat(m.id, key, partial ? slugs : undefined);
    setBusy(false);
    if (!res.ok) {
      setError(`La révocation a échoué. ${res.message}`);
      return;
    }
    await changed(partial ? 'Démarches révoquées. L’attestation de révocation est disponible.' : 'Mandat révoqué. L’attestation de révocation est disponible.');
  };
  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <h4 tabIndex={-1} ref={(el) => el?.focus()}>
        Révoquer le mandat
      </h4>
      <p>{asUsager ? 'La révocation prend effet immédiatement : la structure ne pourra plus agir en votre nom pour les démarches révoquées.' : 'La révocation prend effet immédiatement. Elle est inscrite au journal de la personne.'}</p>
      <fieldset class="groupe">
        <legend>Que voulez-vous révoquer ?</legend>
        <div class="choix">
          <input type="radio" name={name} id={`${name}-tout`} value="tout" checked={scope === 'tout'} onChange={() => setScope('tout')} />
          <label for={`${name}-tout`}>Tout le mandat</label>
        </div>
        {active.length > 1 ? (
          <>
            <div class="choix">
              <input type="radio" name={name} id={`${name}-partie`} value="partie" checked={scope === 'partie'} onChange={() => setScope('partie')} />
              <label for={`${name}-partie`}>Seulement certaines démarches</label>
            </div>
            <fieldset class="groupe" disabled={scope !== 'partie'}>
              <legend>Démarches à révoquer</legend>
              {active.map((d, i) => (
                <div class="choix" key={d.slug}>
                  <input
                    type="checkbox"
                    id={`${name}-${i}`}
                    value={d.slug}
                    checked={slugs.includes(d.slug)}
                    onChange={(e) => setSlugs((e.currentTarget as HTMLInputElement).checked ? [...slugs, d.slug] : slugs.filter((s) => s !== d.slug))}
                  />
                  <label for={`${name}-${i}`}>{d.label || demarcheLabel(d.slug)}</label>
                </div>
              ))}
            </fieldset>
          </>
        ) : null}
      </fieldset>
      <button type="submit" class="bouton bouton--danger" disabled={busy}>
        Confirmer la révocation
      </button>
      {busy ? <LiveStatus>Révocation en cours…</LiveStatus> : null}
      {error ? (
        <Notice kind="erreur" focusKey={error}>
          {error}
        </Notice>
      ) : null}
    </form>
  );
}

/** The usager's journal, as a table (cards on a phone); each line names who acted, from the reader's point of view. */
export function JournalSection({ load, reader, deps, title = 'Journal' }: { load: Load<Items<JournalEntry>>; reader: Reader; deps: readonly unknown[]; title?: string }) {
  const { state, reload } = useApi(load, deps);
  return (
    <Section id="journal" title={title}>
      <p>
        {reader.kind === 'usager'
          ? 'Chaque action faite en votre nom ou sur votre dossier est inscrite dans ce journal, qui ne peut être ni modifié ni effacé.'
          : 'Chaque action faite pour la personne ou sur son dossier est inscrite dans ce journal, qui ne peut être ni modifié ni effacé.'}
      </p>
      {state.status === 'loading' ? <LiveStatus>Chargement du journal…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher le journal." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable
          caption={state.data.items.length === 1 ? 'Une entrée, la plus récente en premier' : `${state.data.items.length} entrées, les plus récentes en premier`}
          rows={state.data.items}
          rowKey={(e) => String(e.seq)}
          empty="Le journal est vide."
          columns={[
            { label: 'Date', render: (e) => frDateTime(e.date) },
            { label: 'Ce qui s’est passé', rowHeader: true, render: (e) => journalSentence(e, reader) },
            { label: 'Précisions', render: (e) => journalDetails(e) ?? 'Aucune' },
          ]}
        />
      ) : null}
    </Section>
  );
}

/** Re-render trigger shared by a page's sections: bump it after an action, sections reload. */
export function useVersion(): [number, () => void] {
  const [v, setV] = useState(0);
  return [v, () => setV((x) => x + 1)];
}

/** Prints only the block `.code-a-imprimer` (a claim code for the person), not the whole page. */
export function printCode(): void {
  document.body.classList.add('impression-code');
  const done = () => {
    document.body.classList.remove('impression-code');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
