import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, TrainingModule, TrainingPath, TrainingSession } from '@pin/contracts';
import { useUser } from '../app/session';
import { Badge } from '../ui/Badge';
import { SignInInvite } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import { fetchModules, fetchPaths, fetchSessions } from './formations.api';
import { durationLabel, halfDayLabel, LEVEL_LABELS, MODALITY_LABELS, placeLabel, seatsLabel } from './format';
import { RegisterActions } from './RegisterActions';
import '../mandats/mandats.css';
import './formations.css';

/** `/app/formations`: the public catalogue (paths, modules of the référentiel) and the calendar of sessions with registration. */
export function CataloguePage() {
  const user = useUser();
  return (
    <Page title="Formations" lead="Le référentiel de formation du réseau d’inclusion numérique des Landes : les parcours, les modules et les prochaines sessions.">
      <FormationLinks user={user} />
      <SessionsSection user={user} />
      <PathsSection />
      <ModulesSection />
    </Page>
  );
}

function FormationLinks({ user }: { user: CurrentUser | undefined }) {
  const links: Array<[string, string]> = [];
  if (user && allows(user, POLICIES.formation.mine)) links.push(['/app/formations/mes-inscriptions', 'Mes inscriptions'], ['/app/formations/mes-attestations', 'Mes attestations']);
  if (user && allows(user, POLICIES.formation.diagnostic)) links.push(['/app/formations/diagnostic', 'Diagnostic de premier niveau']);
  if (user && allows(user, POLICIES.formation.manage)) links.push(['/app/formations/sessions/nouvelle', 'Programmer une session']);
  if (user && allows(user, POLICIES.formation.pixRead)) links.push(['/app/formations/pix', 'Résultats PIX']);
  links.push(['/app/formations/verifier', 'Vérifier une attestation']);
  return (
    <nav aria-label="Formations" class="formations-liens">
      <ul>
        {links.map(([href, text]) => (
          <li key={href}>
            <a href={href}>{text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SessionsSection({ user }: { user: CurrentUser | undefined }) {
  const { state, reload } = useApi(fetchSessions, []);
  return (
    <Section id="sessions" title="Prochaines sessions">
      {!user ? <SignInInvite text="Connectez-vous pour vous inscrire à une session." returnTo="/app/formations" /> : null}
      {state.status === 'loading' ? <LiveStatus>Chargement des sessions…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les sessions." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' && state.data.items.length === 0 ? <p>Aucune session n’est programmée pour le moment.</p> : null}
      {state.status === 'ok' && state.data.items.length ? (
        <ul class="sessions">
          {state.data.items.map((s) => (
            <SessionCard key={s.id} s={s} user={user} onChange={() => void reload()} />
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

function SessionCard({ s, user, onChange }: { s: TrainingSession; user: CurrentUser | undefined; onChange: () => void }) {
  const open = s.statut === 'ouverte';
  return (
    <li class="session">
      <h3 id={`session-${s.id}`}>{s.intitule}</h3>
      <p class="session__etat">
        {open ? <Badge kind={s.placesRestantes > 0 ? 'valide' : 'avenir'}>{seatsLabel(s)}</Badge> : <Badge kind="revoque">Session annulée</Badge>}
      </p>
      <dl class="recap">
        <dt>{s.demiJournees.length > 1 ? 'Demi-journées' : 'Demi-journée'}</dt>
        <dd>
          <ul class="liste-simple">
            {s.demiJournees.map((h) => (
              <li key={h.rang}>{halfDayLabel(h)}</li>
            ))}
          </ul>
        </dd>
        <dt>Lieu</dt>
        <dd>{placeLabel(s)}</dd>
        {!open && s.motifAnnulation ? (
          <>
            <dt>Motif de l’annulation</dt>
            <dd>{s.motifAnnulation}</dd>
          </>
        ) : null}
      </dl>
      {open && user ? <RegisterActions session={s} user={user} onChange={onChange} /> : null}
      {user && allows(user, POLICIES.formation.train) ? (
        <p>
          <a href={`/app/formations/sessions/${s.id}/emargement`}>
            Feuille d’émargement<span class="visuellement-cache"> : {s.intitule}</span>
          </a>
        </p>
      ) : null}
    </li>
  );
}

function PathsSection() {
  const { state, reload } = useApi(fetchPaths, []);
  return (
    <Section id="parcours" title="Parcours">
      {state.status === 'loading' ? <LiveStatus>Chargement des parcours…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les parcours." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok'
        ? state.data.items.map((p: TrainingPath) => (
            <article class="parcours" key={p.id} aria-labelledby={`parcours-${p.id}`}>
              <h3 id={`parcours-${p.id}`}>{p.titre}</h3>
              <p>
                {LEVEL_LABELS[p.niveau]} · {durationLabel(p.dureeMinutes)}
                {p.requisHabilitation ? (
                  <>
                    {' '}
                    <Badge kind="info">Requis pour l’habilitation Aidants Connect</Badge>
                  </>
                ) : null}
              </p>
              {p.description ? <p>{p.description}</p> : null}
              <ol class="liste-simple">
                {p.modules.map((m) => (
                  <li key={m.id}>
                    {m.titre} ({durationLabel(m.dureeMinutes)})
                  </li>
                ))}
              </ol>
            </article>
          ))
        : null}
    </Section>
  );
}

function ModulesSection() {
  const { state, reload } = useApi(fetchModules, []);
  return (
    <Section id="modules" title="Modules du référentiel">
      {state.status === 'loading' ? <LiveStatus>Chargement des modules…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les modules." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok'
        ? state.data.niveaux.map((n) => (
            <div key={n.niveau}>
              <h3>{LEVEL_LABELS[n.niveau]}</h3>
              <ul class="modules">
                {n.modules.map((m) => (
                  <ModuleItem key={m.id} m={m} />
                ))}
              </ul>
            </div>
          ))
        : null}
    </Section>
  );
}

function ModuleItem({ m }: { m: TrainingModule }) {
  return (
    <li>
      <details>
        <summary>
          {m.titre} — {durationLabel(m.dureeMinutes)}, {MODALITY_LABELS[m.modalite].toLowerCase()}
        </summary>
        <p>Objectifs :</p>
        <ul class="liste-simple">
          {m.objectifs.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </details>
    </li>
  );
}
