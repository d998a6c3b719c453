import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { POLICIES } from '@pin/contracts/policies';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frCalendarDate } from './demarches';
import { fetchUsager, fetchUsagerJournal, fetchUsagerMandats, issueClaimCode, selectedStructure } from './mandats.api';
import { JournalSection, LoadError, MandatsSection, printCode, useVersion, usagerName } from './parts';
import type { Usager } from './types';
import { MessagerieSection } from '../messagerie/MessagerieSection';
import { CoffreUsagerSection } from '../coffre/CoffreUsagerSection';

/** Aidant: one usager, their mandates (revoke, attestations) and their journal. */
export function UsagerPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  return (
    <Guard title="Fiche usager" policy={POLICIES.usager.manage}>
      {(user) => <UsagerContent id={id} structures={user.structures} />}
    </Guard>
  );
}

function UsagerContent({ id, structures }: { id: string; structures: readonly string[] }) {
  const { state, reload } = useApi(() => fetchUsager(id), [id]);
  const [version, bump] = useVersion();
  const title = state.status === 'ok' ? usagerName(state.data) : 'Fiche usager';
  return (
    <>
      <p>
        <a href="/app/usagers">Retour aux usagers</a>
      </p>
      <Page title={title}>
        <Section id="identite" title="Identité">
          {state.status === 'loading' ? <LiveStatus>Chargement…</LiveStatus> : null}
          {state.status === 'error' ? (
            state.failure.status === 404 ? (
              <p class="statut statut--erreur">Usager introuvable.</p>
            ) : (
              <LoadError text="Impossible de charger la fiche." failure={state.failure} retry={() => void reload()} />
            )
          ) : null}
          {state.status === 'ok' ? <Identity u={state.data} onCode={bump} /> : null}
        </Section>
        {state.status === 'ok' ? (
          <>
            <MandatsSection load={() => fetchUsagerMandats(id)} deps={[id]} asUsager={false} onChange={bump} />
            <JournalSection load={() => fetchUsagerJournal(id)} deps={[id, version]} reader={{ kind: 'aidant' }} title="Journal de l’usager" />
            <MessagerieSection usagerId={id} prenom={state.data.prenoms.split(' ')[0]} nom={state.data.nom} />
            <CoffreUsagerSection usagerId={id} structureId={selectedStructure(structures)} />
          </>
        ) : null}
      </Page>
    </>
  );
}

function Identity({ u, onCode }: { u: Usager; onCode: () => void }) {
  return (
    <>
      <dl class="recap">
        <dt>Naissance</dt>
        <dd>
          Le {frCalendarDate(u.dateNaissance)} à {u.lieuNaissance}
        </dd>
        <dt>Adresse électronique</dt>
        <dd>{u.email ?? 'Non renseignée'}</dd>
        <dt>Téléphone</dt>
        <dd>{u.telephone ?? 'Non renseigné'}</dd>
      </dl>
      <p class="actions">
        <a class="bouton" href={`/app/usagers/${u.id}/nouveau-mandat`}>
          Établir un nouveau mandat
        </a>
      </p>
      <AccountBlock u={u} onCode={onCode} />
    </>
  );
}

/** Whether the person reads their mandates in their own space; if not, a new one-time code (the old one stops working). */
function AccountBlock({ u, onCode }: { u: Usager; onCode: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ code: string } | { error: string } | null>(null);
  if (u.compteRelie) return <p>La personne a relié son compte PIN : elle voit ses mandats et son journal dans son espace.</p>;
  const issue = async () => {
    setBusy(true);
    const res = await issueClaimCode(u.id);
    setBusy(false);
    setResult(res.ok ? { code: res.data.codeReclamation } : { error: `Le code n’a pas pu être émis. ${res.message}` });
    if (res.ok) onCode();
  };
  return (
    <div>
      <p>La personne n’a pas encore relié son compte PIN. Le code imprimé sur son attestation le lui permet ; s’il est perdu, émettez-en un nouveau.</p>
      <p class="actions">
        <button type="button" class="bouton bouton--secondaire" disabled={busy} onClick={() => void issue()}>
          Émettre un nouveau code pour son espace
        </button>
      </p>
      {busy ? <LiveStatus>Émission du code…</LiveStatus> : null}
      {result && 'code' in result ? (
        <Notice kind="succes" focusKey={result.code}>
          <div class="code-a-imprimer">
            <p>
              Nouveau code à usage unique, à remettre à la personne : <span class="code-reclamation">{result.code}</span>. Le code précédent ne fonctionne plus.
            </p>
            <p class="seulement-impression">
              {usagerName(u)} : pour voir vos mandats et leur journal, créez votre compte ou connectez-vous sur PIN ({location.origin}/app/connexion), puis saisissez ce code dans « Mes
              mandats ».
            </p>
          </div>
          <p>
            Le code n’est affiché qu’une fois.{' '}
            <button type="button" class="bouton bouton--secondaire" onClick={printCode}>
              Imprimer le code
            </button>
          </p>
        </Notice>
      ) : null}
      {result && 'error' in result ? (
        <Notice kind="erreur" focusKey={result.error}>
          {result.error}
        </Notice>
      ) : null}
    </div>
  );
}
