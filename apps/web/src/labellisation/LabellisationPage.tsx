import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, SelectField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LabelsSection } from './LabelsSection';
import { createDossier, fetchDossiers, fetchMesLieux, NIVEAUX, STATUTS, type DossierSummary } from './labellisation.api';

const TITLE = 'Label territorial';

/** Référent: apply for a lieu and follow the dossiers; animateur: the review queue. */
export function LabellisationPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.apply}>
      {(user) => <Labellisation user={user} />}
    </Guard>
  );
}

function Labellisation({ user }: { user: CurrentUser }) {
  const reviewer = allows(user, POLICIES.labelling.review);
  const dossiers = useApi(() => fetchDossiers(), []);
  return (
    <Page title={TITLE} lead="Le label du réseau reconnaît les lieux qui partagent ses valeurs : la structure candidate pour un lieu, l’animateur du réseau instruit le dossier critère par critère.">
      {user.roles.includes('referent') ? <ApplySection /> : null}
      <LabelsSection user={user} />
      <Section id="dossiers" title={reviewer ? 'Dossiers à instruire' : 'Vos dossiers'}>
        {dossiers.state.status === 'loading' ? <LiveStatus>Chargement des dossiers…</LiveStatus> : null}
        {dossiers.state.status === 'error' ? <p class="statut statut--erreur">{dossiers.state.failure.message}</p> : null}
        {dossiers.state.status === 'ok' ? (
          <DataTable<DossierSummary>
            caption={reviewer ? 'Dossiers, les déposés en premier' : 'Dossiers de vos lieux'}
            rowKey={(d) => d.id}
            rows={dossiers.state.data.items}
            empty="Aucun dossier."
            columns={[
              { label: 'Dossier', rowHeader: true, render: (d) => <a href={`/app/labellisation/${d.id}`}>Label territorial, niveau {NIVEAUX[d.niveau] ?? d.niveau}</a> },
              { label: 'État', render: (d) => STATUTS[d.statut] ?? d.statut },
              { label: 'Déposé le', render: (d) => (d.deposeLe ? new Date(d.deposeLe).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }) : '—') },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}

function ApplySection() {
  const { route } = useLocation();
  const lieux = useApi(() => fetchMesLieux(), []);
  const [lieuId, setLieuId] = useState('');
  const [niveau, setNiveau] = useState('accueil');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const items = lieux.state.status === 'ok' ? lieux.state.data.items : [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const lieu = lieuId || items[0]?.id;
    if (!lieu) {
      setErrors([{ field: 'dossier-lieu', message: 'Lieu : votre structure n’a pas de lieu ouvert.' }]);
      return;
    }
    const r = await createDossier({ programmeId: 'pin-territorial', niveau, lieuId: lieu });
    if (!r.ok) {
      setErrors([{ field: 'dossier-lieu', message: r.message }]);
      return;
    }
    route(`/app/labellisation/${r.data.id}`);
  };
  return (
    <Section id="candidater" title="Candidater pour un lieu">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title="Le dossier n’a pas été créé" />
        {lieux.state.status === 'loading' ? <LiveStatus>Chargement de vos lieux…</LiveStatus> : null}
        <SelectField id="dossier-lieu" label="Lieu" value={lieuId || items[0]?.id || ''} onValue={setLieuId} options={items.map((l) => ({ value: l.id, label: `${l.nom} (${l.commune})` }))} error={errors[0]?.message} />
        <SelectField id="dossier-niveau" label="Niveau demandé" value={niveau} onValue={setNiveau} options={Object.entries(NIVEAUX).map(([value, label]) => ({ value, label }))} />
        <button type="submit" class="bouton">
          Commencer le dossier
        </button>
      </form>
    </Section>
  );
}
