import { useState } from 'preact/hooks';
import { allows, NETWORK_ROLES, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { canListStructures } from '../roles';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { createDemande, demandeCsvUrl, euros, fetchChiffres, fetchDemandes, fetchStructures, frDate, payDemande, type Chiffre, type Demande } from './labellisation.api';

const TITLE = 'Financement des Pass Numérique';
const PAR = [
  { value: 'lot', label: 'Par lot' },
  { value: 'prescripteur', label: 'Par prescripteur' },
  { value: 'lieu', label: 'Par lieu d’encaissement' },
];
const KEY_LABEL: Record<string, string> = { lot: 'Lot', prescripteur: 'Prescripteur', lieu: 'Lieu' };

/**
 * Funder: figures per batch, prescriber and lieu; the monthly claims and their CSV file. The network
 * sees every funder; a funder's officer (role `financeur`) only their own funder's batches.
 */
export function FinancementPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.passFunding}>
      {(user) => <Financement user={user} />}
    </Guard>
  );
}

/** A funder's officer who is not also of the network: bound to their funder. */
const ownFunder = (user: CurrentUser): string | null => (allows(user, { access: 'roles', roles: NETWORK_ROLES }) ? null : (user.financeur ?? null));

function Financement({ user }: { user: CurrentUser }) {
  const funder = ownFunder(user);
  return (
    <Page
      title={TITLE}
      lead={
        funder
          ? `Les pass de ${funder} : chiffres, demandes de remboursement mensuelles et leur fichier CSV détaillant chaque pass.`
          : 'Les pass encaissés un mois donné sont réclamés au financeur le mois suivant, avec le fichier CSV détaillant chaque pass.'
      }
    >
      <Chiffres user={user} />
      <Demandes funder={funder} />
    </Page>
  );
}

function Chiffres({ user }: { user: CurrentUser }) {
  const [par, setPar] = useState('lot');
  const chiffres = useApi(() => fetchChiffres(par), [par]);
  // Structure names come from the directory, for those who may list structures; others see the prescriber's id.
  const names = par === 'prescripteur' && canListStructures(user.roles);
  const structures = useApi(() => (names ? fetchStructures() : Promise.resolve({ ok: true as const, data: { items: [] } })), [par]);
  const noms = new Map((structures.state.status === 'ok' ? structures.state.data.items : []).map((s) => [s.id, `${s.nom} (${s.commune})`]));
  const caption = PAR.find((p) => p.value === par)?.label ?? '';
  return (
    <Section id="chiffres" title="Chiffres">
      <SelectField id="chiffres-par" label="Regrouper" value={par} onValue={setPar} options={PAR} />
      {chiffres.state.status === 'loading' ? <LiveStatus>Chargement des chiffres…</LiveStatus> : null}
      {chiffres.state.status === 'error' ? <p class="statut statut--erreur">{chiffres.state.failure.message}</p> : null}
      {chiffres.state.status === 'ok' ? (
        <DataTable<Chiffre>
          caption={`Pass ${caption.toLowerCase()}`}
          rowKey={(c) => c.id}
          rows={chiffres.state.data.items}
          empty="Aucun pass."
          columns={[
            { label: KEY_LABEL[par] ?? 'Clé', rowHeader: true, render: (c) => c.libelle ?? noms.get(c.id) ?? c.id },
            { label: 'Pass', render: (c) => c.total },
            { label: 'Non alloués', render: (c) => c.parStatut.lot ?? 0 },
            { label: 'Alloués, à remettre', render: (c) => c.parStatut.alloue ?? 0 },
            { label: 'Remis, non encaissés', render: (c) => c.parStatut.distribue ?? 0 },
            { label: 'Encaissés', render: (c) => (c.parStatut.scanne ?? 0) + (c.parStatut.reclame ?? 0) + (c.parStatut.paye ?? 0) },
            { label: 'Payés', render: (c) => c.parStatut.paye ?? 0 },
            { label: 'Montant encaissé', render: (c) => euros(c.montantEncaisseCentimes) },
          ]}
        />
      ) : null}
    </Section>
  );
}

function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

function Demandes({ funder }: { funder: string | null }) {
  const demandes = useApi(() => fetchDemandes(), []);
  const [mois, setMois] = useState(lastMonth());
  const [financeur, setFinanceur] = useState(funder ?? 'Département des Landes');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ text: string; n: number } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!/^\d{4}-\d{2}$/.test(mois)) missing.push({ field: 'demande-mois', message: 'Mois : au format AAAA-MM, par exemple 2026-11.' });
    if (!financeur.trim()) missing.push({ field: 'demande-financeur', message: 'Financeur : ce champ est obligatoire.' });
    setErrors(missing);
    if (missing.length) return;
    const r = await createDemande({ mois, financeur: financeur.trim() });
    if (!r.ok) {
      setErrors([{ field: 'demande-mois', message: r.message }]);
      return;
    }
    setMessage((m) => ({ text: `Demande de ${r.data.mois} créée : ${r.data.nombre} pass, ${euros(r.data.montantCentimes)}.`, n: (m?.n ?? 0) + 1 }));
    void demandes.reload();
  };
  const pay = async (d: Demande) => {
    const r = await payDemande(d.id);
    setMessage((m) => ({ text: r.ok ? `Demande de ${d.mois} marquée payée.` : r.message, n: (m?.n ?? 0) + 1 }));
    void demandes.reload();
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <>
      <Section id="nouvelle-demande" title="Demande de remboursement mensuelle">
        <form noValidate onSubmit={(e) => void submit(e)}>
          <ErrorSummary errors={errors} title="La demande n’a pas été créée" />
          <TextField id="demande-mois" label="Mois des encaissements" hint="Au format AAAA-MM." required type="month" value={mois} onValue={setMois} error={err('demande-mois')} />
          {funder ? (
            <p>Financeur : {funder}</p>
          ) : (
            <TextField id="demande-financeur" label="Financeur" required value={financeur} onValue={setFinanceur} error={err('demande-financeur')} />
          )}
          <button type="submit" class="bouton">
            Créer la demande
          </button>
        </form>
        {message ? (
          <Notice kind="info" focusKey={message.n}>
            {message.text}
          </Notice>
        ) : null}
      </Section>
      <Section id="demandes" title="Demandes de remboursement">
        {demandes.state.status === 'loading' ? <LiveStatus>Chargement des demandes…</LiveStatus> : null}
        {demandes.state.status === 'error' ? <p class="statut statut--erreur">{demandes.state.failure.message}</p> : null}
        {demandes.state.status === 'ok' ? (
          <DataTable<Demande>
            caption="Demandes, les plus récentes en premier"
            rowKey={(d) => d.id}
            rows={demandes.state.data.items}
            empty="Aucune demande de remboursement."
            columns={[
              { label: 'Mois', rowHeader: true, render: (d) => `${d.mois}, ${d.financeur}` },
              { label: 'Pass', render: (d) => d.nombre },
              { label: 'Montant', render: (d) => euros(d.montantCentimes) },
              { label: 'État', render: (d) => (d.statut === 'payee' && d.payeeLe ? `Payée le ${frDate(d.payeeLe)}` : 'Émise') },
              {
                label: 'Actions',
                hiddenLabel: true,
                render: (d) => (
                  <>
                    <a href={demandeCsvUrl(d.id)} download>
                      Fichier CSV<span class="visuellement-cache"> de la demande de {d.mois}</span>
                    </a>
                    {d.statut === 'emise' ? (
                      <>
                        {' '}
                        <button type="button" class="bouton bouton--secondaire" onClick={() => void pay(d)}>
                          Marquer payée<span class="visuellement-cache"> la demande de {d.mois}</span>
                        </button>
                      </>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
    </>
  );
}
