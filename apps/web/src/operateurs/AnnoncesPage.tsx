import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { AnnouncementView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDate, frDateTime } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { operatorShortName, territoryText } from './labels';
import { acknowledgeAnnouncement, fetchAnnouncements } from './operateurs.api';
import './operateurs.css';

const TITLE = 'Annonces des opérateurs';

/**
 * `/app/annonces`: what the operators (CAF, CPAM…) changed in their online services, for the
 * territory of the aidant's structures; the aidant marks each one read (the operator learns that
 * a structure read it, never who).
 */
export function AnnoncesPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.announcement.read}>
      {() => (
        <Page title={TITLE} lead="Les opérateurs de services publics vous informent des changements de leurs démarches en ligne sur votre territoire.">
          <AnnoncesFeed />
        </Page>
      )}
    </Guard>
  );
}

/** The feed, also shown on the working space (`compact`: only the unread ones, with a link to the page). */
export function AnnoncesFeed({ compact = false }: { compact?: boolean }) {
  const { state, reload } = useApi(fetchAnnouncements, []);
  const [done, setDone] = useState<{ n: number; kind: 'succes' | 'erreur'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const acknowledge = async (a: AnnouncementView) => {
    setBusy(a.id);
    const res = await acknowledgeAnnouncement(a.id);
    setBusy(null);
    const n = (done?.n ?? 0) + 1;
    setDone(res.ok ? { n, kind: 'succes', text: `Annonce « ${a.titre} » marquée comme lue.` } : { n, kind: 'erreur', text: res.message });
    await reload();
  };
  const all = state.status === 'ok' ? state.data.items : [];
  const shown = compact ? all.filter((a) => !a.lue) : all;
  const unread = all.filter((a) => !a.lue).length;
  return (
    <Section id="annonces" title={compact ? 'Annonces des opérateurs' : 'Annonces'}>
      {state.status === 'loading' ? <LiveStatus>Chargement des annonces…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les annonces." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? <p class="statut">{unread === 0 ? 'Aucune annonce non lue.' : unread === 1 ? 'Une annonce non lue.' : `${unread} annonces non lues.`}</p> : null}
      {done ? (
        <Notice kind={done.kind} focusKey={done.n}>
          {done.text}
        </Notice>
      ) : null}
      {shown.map((a) => (
        <article key={a.id} class="annonce" aria-labelledby={`annonce-${a.id}`}>
          <h3 id={`annonce-${a.id}`}>
            {a.titre} {a.lue ? <Badge kind="valide">Lue</Badge> : <Badge kind="avenir">Nouvelle</Badge>}
          </h3>
          <p class="statut">
            {operatorShortName(a.operateur)}, publiée le {frDateTime(a.publiee_le)}
          </p>
          <p class="texte-annonce">{a.texte}</p>
          <ul>
            <li>Démarches concernées : {a.demarches.length ? a.demarches.map(demarcheLabel).join(', ') : 'toutes'}</li>
            <li>Territoire : {territoryText(a.territoire)}</li>
          </ul>
          {a.lien ? (
            <p>
              <a href={a.lien} rel="noopener noreferrer">
                En savoir plus sur le site de {operatorShortName(a.operateur)}
                <span class="visuellement-cache"> ({a.titre})</span>
              </a>
            </p>
          ) : null}
          {a.lue ? null : (
            <p>
              <button type="button" class="bouton" disabled={busy === a.id} onClick={() => void acknowledge(a)}>
                Marquer comme lue<span class="visuellement-cache"> : {a.titre}</span>
              </button>
            </p>
          )}
        </article>
      ))}
      {compact ? (
        <p>
          <a href="/app/annonces">Toutes les annonces{all.length ? ` (${all.length}, la plus ancienne du ${frDate(all[all.length - 1].publiee_le)})` : ''}</a>
        </p>
      ) : null}
    </Section>
  );
}
