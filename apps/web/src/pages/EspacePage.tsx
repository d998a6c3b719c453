import { useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, EspaceResponse, EspaceStructure, EspaceUsager, Page as Paged } from '@pin/contracts';
import { api, loginUrl } from '../app/api';
import { useSession } from '../app/session';
import { annuaireLinks } from '../annuaire/links';
import { AnnuaireSummary } from '../annuaire/AnnuaireSummary';
import { roleLabels, canListStructures } from '../roles';
import { Badge } from '../ui/Badge';
import { DataTable } from '../ui/DataTable';
import { SignInInvite } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDate, frDateTime } from '../mandats/demarches';
import { selectStructure, selectedStructure } from '../mandats/mandats.api';
import { LoadError, structureLabel } from '../mandats/parts';
import { SearchSection, StructureSelector } from '../mandats/UsagersPage';
import { AnnoncesFeed } from '../operateurs/AnnoncesPage';
import { FormationCard } from '../formations/FormationCard';
import '../mandats/mandats.css';

interface StructureRow {
  id: string;
  nom: string;
  commune: string;
  codeInsee?: string | null;
}

/** `/app`: the signed-in person's home, by role: what to do next and what is waiting for them. */
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
  const { state, reload } = useApi(() => api.get<EspaceResponse>('/api/v1/espace'), [user.username]);
  const espace = state.status === 'ok' ? state.data : null;
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
      {state.status === 'loading' ? <LiveStatus>Chargement de votre espace…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Une partie de votre espace n’a pas pu être chargée." failure={state.failure} retry={() => void reload()} /> : null}
      {espace && espace.structures.length ? <WorkBlocks user={user} structures={espace.structures} /> : null}
      {espace?.reseau ? (
        <Section id="reseau" title="Habilitations à décider">
          <p>
            {espace.reseau.habilitationsADecider === 0
              ? 'Aucune demande d’habilitation n’attend votre décision.'
              : espace.reseau.habilitationsADecider === 1
                ? 'Une demande d’habilitation attend votre décision.'
                : `${espace.reseau.habilitationsADecider} demandes d’habilitation attendent votre décision.`}
          </p>
          <p>
            <a class="bouton" href="/app/habilitations">
              Décider des habilitations
            </a>
          </p>
        </Section>
      ) : null}
      {user.roles.includes('financeur') ? <FinanceurBlock user={user} /> : null}
      {allows(user, POLICIES.announcement.read) ? <AnnoncesFeed compact /> : null}
      {espace?.usager ? <UsagerBlocks u={espace.usager} /> : null}
      {canListStructures(user.roles) ? <StructuresSection /> : null}
      <FormationCard user={user} />
      <AnnuaireSummary />
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

/** A funder's officer: their funder's Pass Numérique figures and claims. */
function FinanceurBlock({ user }: { user: CurrentUser }) {
  return (
    <Section id="financement" title="Pass Numérique">
      <p>
        {user.financeur
          ? `Les chiffres et les demandes de remboursement mensuelles des pass de ${user.financeur}.`
          : 'Votre compte n’est rattaché à aucun financeur : demandez à l’administrateur de la plateforme de le renseigner.'}
      </p>
      <p>
        <a class="bouton" href="/app/pass-numerique/financement">
          Voir le financement des pass
        </a>
      </p>
    </Section>
  );
}

const HABILITATION_TEXT: Record<string, [string, string]> = {
  accordee: ['Habilité', 'valide'],
  demandee: ['Demande en attente', 'avenir'],
  refusee: ['Refusée', 'revoque'],
  retiree: ['Retirée', 'revoque'],
  annulee: ['Demande annulée', 'expire'],
  aucune: ['Pas d’habilitation', 'expire'],
};

/** Aidants, médiateurs, référents: one structure at a time (chosen when several). */
function WorkBlocks({ user, structures }: { user: CurrentUser; structures: EspaceStructure[] }) {
  const ids = structures.map((s) => s.structureId);
  const [current, setCurrent] = useState(() => selectedStructure(ids) ?? ids[0]);
  const s = structures.find((x) => x.structureId === current) ?? structures[0];
  const names = Object.fromEntries(structures.map((x) => [x.structureId, x.nom]));
  const aidant = allows(user, POLICIES.usager.manage);
  const name = structureLabel(s.structureId, s.nom);
  const [label, kind] = HABILITATION_TEXT[s.habilitation.statut] ?? [s.habilitation.statut, 'neutre'];
  return (
    <>
      {structures.length > 1 ? (
        <StructureSelector
          structures={ids}
          names={names}
          onChange={(id) => {
            selectStructure(id);
            setCurrent(id);
          }}
        />
      ) : null}
      <Section id="habilitation" title={`Mon habilitation — ${name}`}>
        <p>
          <Badge kind={kind}>{label}</Badge>
          {s.habilitation.depuis ? <> depuis le {frDate(s.habilitation.depuis)}</> : null}
        </p>
        {s.habilitation.statut === 'accordee' ? (
          <p>Vous pouvez établir des mandats pour {name}.</p>
        ) : (
          <>
            <p>Sans habilitation accordée, vous ne pouvez pas établir de mandat pour {name}. Ce qui manque :</p>
            <ul class="liste-simple">
              {s.habilitation.manque.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </>
        )}
      </Section>
      {aidant ? (
        <>
          <Section id="accompagner" title="Accompagner une personne">
            <p class="actions">
              <a class="bouton" href="/app/usagers">
                Nouveau mandat
              </a>
              <span>
                {s.usagersSuivis === 0 ? 'Aucune personne suivie pour le moment.' : s.usagersSuivis === 1 ? 'Une personne suivie par la structure.' : `${s.usagersSuivis} personnes suivies par la structure.`}
              </span>
            </p>
          </Section>
          <SearchSection />
          <Section id="echeances" title="Mandats qui prennent fin dans les 30 jours">
            <DataTable
              caption={s.mandatsBientotEchus.length === 1 ? 'Un mandat, le plus proche de sa fin en premier' : `${s.mandatsBientotEchus.length} mandats, les plus proches de leur fin en premier`}
              rows={s.mandatsBientotEchus}
              rowKey={(m) => m.id}
              empty="Aucun mandat ne prend fin dans les 30 jours."
              columns={[
                { label: 'Personne', rowHeader: true, render: (m) => <a href={`/app/usagers/${m.usagerId}`}>{m.usagerNom ?? 'Personne (données effacées)'}</a> },
                { label: 'Fin du mandat', render: (m) => frDateTime(m.fin) },
                { label: 'Démarches', render: (m) => m.demarches.map(demarcheLabel).join(', ') },
              ]}
            />
          </Section>
          <Section id="activite" title="Mon activité récente">
            {s.activiteRecente.length === 0 ? (
              <p class="statut">Vous n’avez encore enregistré ni consulté aucune personne dans cette structure.</p>
            ) : (
              <ul class="liste-simple">
                {s.activiteRecente.map((a) => (
                  <li key={`${a.usagerId}-${a.le}`}>
                    <a href={`/app/usagers/${a.usagerId}`}>{a.usagerNom ?? 'Personne (données effacées)'}</a> — {ACTIVITY[a.action] ?? 'Vous avez travaillé sur son dossier'}, le {frDateTime(a.le)}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      ) : null}
      {s.demandesEnAttente !== null ? (
        <Section id="demandes" title="Demandes d’habilitation en attente">
          <p>
            {s.demandesEnAttente === 0
              ? `Aucune demande de ${name} n’attend l’animateur du réseau.`
              : s.demandesEnAttente === 1
                ? `Une demande de ${name} attend la décision de l’animateur du réseau.`
                : `${s.demandesEnAttente} demandes de ${name} attendent la décision de l’animateur du réseau.`}
          </p>
          <p>
            <a href="/app/habilitations">Habiliter un aidant ou suivre les demandes</a>
          </p>
        </Section>
      ) : null}
    </>
  );
}

/** The aidant's own actions, said to them. */
const ACTIVITY: Record<string, string> = {
  'usager.cree': 'vous avez enregistré la personne',
  'usager.consulte': 'vous avez consulté sa fiche',
  'usager.modifie': 'vous avez modifié ses coordonnées',
  'usager.code_emis': 'vous lui avez émis un nouveau code',
  'mandat.cree': 'vous avez établi un mandat',
  'mandat.renouvele': 'vous avez renouvelé un mandat',
  'mandat.revoque': 'vous avez révoqué un mandat',
};

function UsagerBlocks({ u }: { u: EspaceUsager }) {
  return (
    <>
      <Section id="mes-mandats" title="Mes mandats">
        {u.dossiers === 0 ? (
          <p>Aucun mandat n’est encore relié à votre compte. Saisissez le code imprimé sur l’attestation que votre aidant vous a remise.</p>
        ) : (
          <p>
            {u.mandatsActifs === 0 ? 'Aucun mandat en cours.' : u.mandatsActifs === 1 ? 'Un mandat en cours : un aidant peut agir en votre nom.' : `${u.mandatsActifs} mandats en cours.`}
          </p>
        )}
        {u.mandatsBientotEchus.length ? (
          <>
            <h3>Bientôt terminés</h3>
            <ul class="liste-simple">
              {u.mandatsBientotEchus.map((m) => (
                <li key={m.id}>
                  {structureLabel(m.structure.id, m.structure.nom)} : prend fin le {frDateTime(m.fin)} ({m.demarches.map(demarcheLabel).join(', ')})
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p class="actions">
          <a class="bouton" href="/app/mes-mandats">
            Voir et révoquer mes mandats
          </a>
          <a href="/app/mes-mandats">{u.dossiers === 0 ? 'Relier mon mandat avec son code' : 'Relier le mandat d’une autre structure'}</a>
        </p>
      </Section>
      <Section id="mon-journal" title="Mon journal">
        <p>
          {u.entreesJournal === 0
            ? 'Votre journal est vide.'
            : `${u.entreesJournal === 1 ? 'Une action inscrite' : `${u.entreesJournal} actions inscrites`}${u.derniereEntreeJournal ? `, la dernière le ${frDateTime(u.derniereEntreeJournal)}` : ''}.`}{' '}
          Tout ce qu’un aidant fait en votre nom y est inscrit.
        </p>
        <p>
          <a href="/app/mes-mandats">Lire mon journal</a>
        </p>
      </Section>
      <Section id="coffre" title="Mon coffre-fort">
        <p>Vos documents importants (justificatifs, attestations), chiffrés et partagés seulement si vous le décidez.</p>
        <p>
          <a href="/app/coffre">Ouvrir mon coffre-fort</a>
        </p>
      </Section>
      <Section id="boite" title="Ma boîte aux lettres">
        <p>Votre adresse électronique PIN, hébergée en Europe et sans publicité : choisissez votre mot de passe, créez un mot de passe pour chaque appareil.</p>
        <p>
          <a href="/app/ma-messagerie">Ma messagerie</a>
        </p>
      </Section>
    </>
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
