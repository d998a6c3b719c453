import { useRoute } from 'preact-iso';
import { LiveStatus } from '../ui/Notice';
import { Page } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDate, frDateTime } from './demarches';
import { fetchVerification } from './mandats.api';
import type { Verification } from './types';
import './mandats.css';

const STATE_TEXT: Record<Verification['statut'], string> = {
  valide: 'Mandat valide',
  a_venir: 'Mandat à venir',
  revoque: 'Mandat révoqué',
  expire: 'Mandat expiré',
};

const TOKEN = /^[\w.~-]{10,200}$/;

/** Public page reached by the QR code of a printed mandate: validity and scope, no personal data. */
export function VerificationPage() {
  const { params } = useRoute();
  const token = params.token ?? '';
  const { state } = useApi(
    () => (TOKEN.test(token) ? fetchVerification(token) : Promise.resolve({ ok: false as const, status: 400, code: 'REQUEST.INVALID', message: '' })),
    [token],
  );
  return (
    <Page title="Vérification d’un mandat" lead="Cette page confirme l’état d’un mandat d’aide aux démarches administratives imprimé par PIN. Elle n’affiche aucune donnée personnelle.">
      {state.status === 'loading' ? <LiveStatus>Vérification du mandat…</LiveStatus> : null}
      {state.status === 'error' ? (
        <LiveStatus error>
          {state.failure.status === 404 || state.failure.status === 400
            ? 'Ce code de vérification ne correspond à aucun mandat. Vérifiez l’adresse saisie ou scannez à nouveau le QR code.'
            : `Impossible de vérifier ce mandat pour le moment. ${state.failure.message}`}
        </LiveStatus>
      ) : null}
      {state.status === 'ok' ? <Result v={state.data} /> : null}
    </Page>
  );
}

function Result({ v }: { v: Verification }) {
  const current = v.statut === 'valide' || v.statut === 'a_venir';
  const actives = v.demarches.filter((d) => d.active);
  const ended = v.demarches.filter((d) => !d.active);
  return (
    <>
      <p class="visuellement-cache" role="status">
        Vérification terminée : {STATE_TEXT[v.statut].toLowerCase()}.
      </p>
      <section class="carte verification" aria-labelledby="etat-mandat">
        <h2 id="etat-mandat" class={`verification__etat verification__etat--${v.statut}`}>
          {STATE_TEXT[v.statut]}
        </h2>
        <dl class="recap">
          <dt>Période de validité</dt>
          <dd>
            Du {frDate(v.debut)} au {frDate(v.fin)}
          </dd>
          {v.revoqueLe ? (
            <>
              <dt>Révoqué le</dt>
              <dd>{frDateTime(v.revoqueLe)}</dd>
            </>
          ) : null}
          {v.structure ? (
            <>
              <dt>Structure</dt>
              <dd>{v.structure}</dd>
            </>
          ) : null}
        </dl>
        {v.statut === 'a_venir' ? <p>Le mandat prendra effet le {frDateTime(v.debut)}.</p> : null}
        <h3>{current ? 'Démarches couvertes' : 'Démarches qui étaient couvertes'}</h3>
        <ul class="liste-simple">
          {(current ? actives : v.demarches).map((d) => (
            <li key={d.slug}>{d.label || demarcheLabel(d.slug)}</li>
          ))}
        </ul>
        {current && ended.length > 0 ? (
          <>
            <h3>Démarches retirées du mandat</h3>
            <ul class="liste-simple">
              {ended.map((d) => (
                <li key={d.slug}>{d.label || demarcheLabel(d.slug)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {v.empreinte ? (
          <p>
            Empreinte de l’inscription au journal infalsifiable : <code class="empreinte">{v.empreinte}</code>
          </p>
        ) : null}
        <p>Vérifié le {frDateTime(v.verifieLe)}.</p>
      </section>
    </>
  );
}
