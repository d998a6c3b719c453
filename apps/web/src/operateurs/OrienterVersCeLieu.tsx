import { allows, POLICIES } from '@pin/contracts/policies';
import { useUser } from '../app/session';

/** On a lieu's page, for the people who help usagers: orient a person there (the orientations page, lieu prefilled). */
export function OrienterVersCeLieu({ lieuId, closed }: { lieuId: string; closed: boolean }) {
  const user = useUser();
  if (closed || !user || !allows(user, POLICIES.orientation.handle)) return null;
  return (
    <p class="orienter-vers-lieu">
      <a class="bouton bouton--secondaire" href={`/app/orientations?lieu=${encodeURIComponent(lieuId)}#orienter`}>Orienter une personne vers ce lieu</a>
    </p>
  );
}
