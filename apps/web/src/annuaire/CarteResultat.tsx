import { useSession } from '../app/session';
import { Badge } from '../ui/Badge';
import type { LieuSummary } from './api';
import { distanceLabel, labelsOf, openLabel } from './format';
import type { Catalogues } from './referentiels';

/** One lieu in the results list: name, address, open now / at the chosen time, distance, services. */
export function Resultat({ lieu, when, catalogues, onMap }: { lieu: LieuSummary; when: 'maintenant' | 'le'; catalogues?: Catalogues; onMap?: () => void }) {
  const open = openLabel(lieu.ouvert, when);
  const services = labelsOf(lieu.services, catalogues?.vocab.services);
  return (
    <li class="resultat">
      <h3>
        <a href={`/lieux/${encodeURIComponent(lieu.id)}`}>{lieu.nom}</a>
      </h3>
      <p class="resultat__adresse">{`${lieu.adresse}, ${lieu.code_postal} ${lieu.commune}`}</p>
      <p class="resultat__etat">
        <Badge kind={open.kind}>{open.text}</Badge>
        {lieu.distance_m !== undefined ? <span class="resultat__distance">{distanceLabel(lieu.distance_m)}</span> : null}
        {lieu.flags.includes('a-verifier') ? <Badge kind="alerte">À vérifier</Badge> : null}
      </p>
      {services.length ? (
        <p class="resultat__services">
          <span class="visuellement-cache">Services : </span>
          {services.join(' · ')}
        </p>
      ) : null}
      {onMap ? (
        <p>
          <button type="button" class="lien-bouton" onClick={onMap}>
            Voir sur la carte<span class="visuellement-cache"> : {lieu.nom}</span>
          </button>
        </p>
      ) : null}
    </li>
  );
}

/** Sign-in invitation or the way to one's space, by session. */
export function Invite() {
  const { session, reload } = useSession();
  if (session.state === 'signedOut') {
    return (
      <p class="action">
        Vous avez signé un mandat avec un aidant, ou vous accompagnez des personnes ? <a href="/app/connexion">Se connecter ou créer son compte</a>
      </p>
    );
  }
  if (session.state === 'signedIn') {
    return (
      <p class="action">
        <a class="bouton" href="/app">
          Accéder à mon espace
        </a>
      </p>
    );
  }
  if (session.state === 'error') {
    return (
      <p class="action">
        <button type="button" class="bouton" onClick={reload}>
          Réessayer
        </button>
      </p>
    );
  }
  return null;
}
