import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, Page as Paged } from '@pin/contracts';
import { api, loginUrl } from '../app/api';
import { useSession } from '../app/session';
import { annuaireLinks } from '../annuaire/routes';
import { roleLabels, canListStructures } from '../roles';
import { DataTable } from '../ui/DataTable';
import { SignInInvite } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { SearchSection } from '../mandats/UsagersPage';
import { LoadError } from '../mandats/parts';
import '../mandats/mandats.css';

interface StructureRow {
  id: string;
  nom: string;
  commune: string;
  codeInsee?: string | null;
}

/** `/app`: the signed-in person's home, by role (what to do next, what needs them). */
export function EspacePage() {
  const { session, reload } = useSession();
  if (session.state === 'signedIn') return <Espace user={session.user} />;
  return (
    <Page title="Mon espace">
      {session.state === 'loading' ? <LiveStatus>Chargement de votre espace…</LiveStatus> : null}
      {session.state === 'signedOut' ? <SignInInvite text="Connectez-vous pour accéder à votre espace." returnTo="/app" /> : null}
      {session.state === 'error' ? (
        <p class="action">
          <button type="button" class="bouton" onClick={reload}>
            Réessayer
          </button>
        </p>
      ) : null}
    </Page>
  );
}

function Espace({ user }: { user: CurrentUser }) {
  const labels = roleLabels(user.roles);
  const aidant = allows(user, POLICIES.usager.manage);
  const usager = allows(user, POLICIES.self.read);
  const habilitations = allows(user, POLICIES.habilitation.request);
  const annuaire = annuaireLinks(user.roles);
  return (
    <Page title={`Bonjour ${user.name}`} lead="Bienvenue dans votre espace PIN.">
      <Section id="roles" title={labels.length > 1 ? 'Vos rôles' : 'Votre rôle'}>
        {labels.length ? (
          <ul class="roles">
            {labels.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : (
          <p>Aucun rôle ne vous est encore attribué. Contactez l’animateur du réseau.</p>
        )}
      </Section>
      {aidant ? (
        <>
          <p class="actions">
            <a class="bouton" href="/app/usagers">
              Nouveau mandat
            </a>
            <span>Retrouvez ou enregistrez la personne, puis établissez son mandat.</span>
          </p>
          <SearchSection title="Rechercher un usager" />
        </>
      ) : null}
      {usager ? <UsagerBlocks /> : null}
      {canListStructures(user.roles) ? <StructuresSection /> : null}
      {habilitations ? (
        <Section id="habilitations" title="Habilitations des aidants">
          <p>
            <a href="/app/habilitations">Demander ou suivre l’habilitation d’un aidant</a>
          </p>
        </Section>
      ) : null}
      {annuaire.length ? (
        <Section id="annuaire" title="Annuaire des lieux">
          <ul>
            {annuaire.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.text}</a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </Page>
  );
}

function UsagerBlocks() {
  return (
    <>
      <Section id="mes-mandats" title="Mes mandats et mon journal">
        <p>
          <a href="/app/mes-mandats">Voir mes mandats et mon journal</a> — qui peut agir en votre nom, pour quelles démarches, et ce qui a été fait.
        </p>
        <p>
          <a href="/app/mes-mandats">Relier un mandat avec le code imprimé sur l’attestation</a>
        </p>
      </Section>
      <SoonSection id="coffre" title="Mon coffre-fort" text="Vos documents importants (justificatifs, attestations), gardés en sécurité et partagés seulement si vous le décidez." />
      <SoonSection id="boite" title="Ma boîte aux lettres" text="Les messages de votre aidant et des services publics qui vous accompagnent." />
    </>
  );
}

function SoonSection({ id, title, text }: { id: string; title: string; text: string }) {
  return (
    <Section id={id} title={title} class="carte--bientot">
      <p>
        <span class="badge badge--info">Bientôt disponible</span>
      </p>
      <p>{text}</p>
    </Section>
  );
}

/** « Mes structures »: the structures the user may see (their own for a référent). */
function StructuresSection() {
  const { state, reload } = useApi(() => api.get<Paged<StructureRow>>('/api/v1/structures'), []);
  return (
    <Section id="structures" title="Mes structures">
      {state.status === 'loading' ? <LiveStatus>Chargement des structures…</LiveStatus> : null}
      {state.status === 'error' ? (
        state.failure.status === 401 ? (
          <p class="statut statut--erreur">
            Votre session a expiré. <a href={loginUrl(location.pathname)}>Se reconnecter</a>
          </p>
        ) : (
          <LoadError text="Impossible d’afficher vos structures." failure={state.failure} retry={() => void reload()} />
        )
      ) : null}
      {state.status === 'ok' ? (
        <>
          {state.data.total > state.data.items.length ? <p class="statut">{`${state.data.items.length} structures affichées sur ${state.data.total}.`}</p> : null}
          <DataTable
            caption={state.data.items.length === 1 ? 'Une structure' : `${state.data.items.length} structures`}
            rows={state.data.items}
            rowKey={(s) => s.id}
            empty="Aucune structure ne vous est rattachée pour le moment."
            columns={[
              { label: 'Nom', rowHeader: true, render: (s) => s.nom },
              { label: 'Commune', render: (s) => s.commune },
              { label: 'Code INSEE', render: (s) => s.codeInsee ?? 'Non renseigné' },
            ]}
          />
        </>
      ) : null}
    </Section>
  );
}
