import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, fieldErrorsFrom, SelectField, TextArea, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { allocatePasses, cancelPass, carnetUrl, createLot, euros, fetchLots, fetchStructures, frDate, type Lot, type PassState } from './labellisation.api';

const TITLE = 'Carnets de Pass Numérique';

/** Animateur: record the batches of carnets bought by a funder and allocate them to prescribers. */
export function LotsPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.manage}>
      {() => <Lots />}
    </Guard>
  );
}

function Lots() {
  const lots = useApi(() => fetchLots(), []);
  const items = lots.state.status === 'ok' ? lots.state.data.items : [];
  return (
    <Page title={TITLE} lead="Chaque lot est une plage de numéros imprimés, d’une valeur et d’une validité données, payée par un financeur ; il est ensuite alloué aux prescripteurs (Mission Locale…).">
      <CreateLot onCreated={() => void lots.reload()} />
      <AllocateLot lots={items} onAllocated={() => void lots.reload()} />
      <CancelPass onCancelled={() => void lots.reload()} />
      <Section id="lots" title="Lots enregistrés">
        {lots.state.status === 'loading' ? <LiveStatus>Chargement des lots…</LiveStatus> : null}
        {lots.state.status === 'error' ? <p class="statut statut--erreur">{lots.state.failure.message}</p> : null}
        {lots.state.status === 'ok' ? (
          <DataTable<Lot>
            caption="Lots de pass, les plus récents en premier"
            rowKey={(l) => l.id}
            rows={items}
            empty="Aucun lot enregistré."
            columns={[
              { label: 'Numéros', rowHeader: true, render: (l) => `${l.premierNumero} à ${l.dernierNumero}` },
              { label: 'Financeur', render: (l) => l.financeur },
              { label: 'Valeur', render: (l) => euros(l.valeurCentimes) },
              { label: 'Valable jusqu’au', render: (l) => `${frDate(l.valideJusquAu)} (toléré jusqu’au ${frDate(l.toleranceJusquAu)})` },
              { label: 'À allouer', render: (l) => `${l.aAllouer} sur ${l.dernierNumero - l.premierNumero + 1}` },
              { label: 'Carnet', render: (l) => <CarnetLinks lot={l} /> },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}

/** Passes per downloaded PDF file (the labelling service cuts bigger batches into files: `?page=`). */
const CARNET_FILE_PASSES = 200;

/** The printable carnet: one link, or one per file of 200 passes for a big batch. */
function CarnetLinks({ lot }: { lot: Lot }) {
  const total = lot.dernierNumero - lot.premierNumero + 1;
  const files = Math.ceil(total / CARNET_FILE_PASSES);
  if (files === 1) {
    return (
      <a href={carnetUrl(lot.id)} download>
        Télécharger le carnet (PDF)<span class="visuellement-cache"> des pass n° {lot.premierNumero} à {lot.dernierNumero}</span>
      </a>
    );
  }
  return (
    <details>
      <summary>
        Carnet en {files} fichiers PDF<span class="visuellement-cache"> (pass n° {lot.premierNumero} à {lot.dernierNumero})</span>
      </summary>
      <ul class="liens-carnet">
        {Array.from({ length: files }, (_, i) => {
          const from = lot.premierNumero + i * CARNET_FILE_PASSES;
          const to = Math.min(lot.dernierNumero, from + CARNET_FILE_PASSES - 1);
          return (
            <li key={i}>
              <a href={`${carnetUrl(lot.id)}?page=${i + 1}`} download>
                <span class="visuellement-cache">Télécharger le carnet (PDF) des </span>pass n° {from} à {to}
              </a>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

const FIELD_IDS = { financeur: 'lot-financeur', premierNumero: 'lot-premier', nombre: 'lot-nombre', valeurCentimes: 'lot-valeur', valideJusquAu: 'lot-validite' };

function CreateLot({ onCreated }: { onCreated: () => void }) {
  const [financeur, setFinanceur] = useState('Département des Landes');
  const [premier, setPremier] = useState('');
  const [nombre, setNombre] = useState('10');
  const [valeur, setValeur] = useState('10');
  const [validite, setValidite] = useState(`${new Date().getFullYear()}-12-31`);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ premier: number; dernier: number; codes: string[] } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldError[] = [];
    const n = Number(premier);
    const count = Number(nombre);
    const cents = Math.round(Number(valeur.replace(',', '.')) * 100);
    if (!financeur.trim()) missing.push({ field: 'lot-financeur', message: 'Financeur : ce champ est obligatoire.' });
    if (!Number.isInteger(n) || n <= 0) missing.push({ field: 'lot-premier', message: 'Premier numéro : un nombre entier positif, imprimé sur le premier pass.' });
    if (!Number.isInteger(count) || count <= 0) missing.push({ field: 'lot-nombre', message: 'Nombre de pass : un nombre entier positif.' });
    if (!Number.isFinite(cents) || cents <= 0) missing.push({ field: 'lot-valeur', message: 'Valeur faciale : un montant en euros, par exemple 10.' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validite)) missing.push({ field: 'lot-validite', message: 'Valable jusqu’au : une date.' });
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    const r = await createLot({ financeur: financeur.trim(), premierNumero: n, nombre: count, valeurCentimes: cents, valideJusquAu: validite });
    setBusy(false);
    if (!r.ok) {
      const fields = fieldErrorsFrom(r.details, FIELD_IDS);
      setErrors(fields.length ? fields : [{ field: 'lot-premier', message: r.message }]);
      return;
    }
    setDone({ premier: r.data.premierNumero, dernier: r.data.dernierNumero, codes: r.data.codes });
    setPremier('');
    onCreated();
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <Section id="nouveau-lot" title="Enregistrer un lot">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title="Le lot n’a pas été enregistré" />
        <TextField id="lot-financeur" label="Financeur" required value={financeur} onValue={setFinanceur} error={err('lot-financeur')} />
        <TextField id="lot-premier" label="Premier numéro" hint="Le numéro imprimé sur le premier pass du lot." required inputMode="numeric" value={premier} onValue={setPremier} error={err('lot-premier')} />
        <TextField id="lot-nombre" label="Nombre de pass" hint="Un carnet contient 10 pass." required inputMode="numeric" value={nombre} onValue={setNombre} error={err('lot-nombre')} />
        <TextField id="lot-valeur" label="Valeur faciale d’un pass (€)" required inputMode="decimal" value={valeur} onValue={setValeur} error={err('lot-valeur')} />
        <TextField id="lot-validite" label="Valable jusqu’au" hint="Encaissement toléré jusqu’à la fin du mois suivant." required type="date" value={validite} onValue={setValidite} error={err('lot-validite')} />
        <button type="submit" class="bouton" disabled={busy}>
          Enregistrer le lot
        </button>
        {busy ? <LiveStatus>Enregistrement…</LiveStatus> : null}
        {done ? (
          <Notice kind="succes" focusKey={done.premier}>
            Lot enregistré : pass n° {done.premier} à {done.dernier}.
            <details>
              <summary>Codes à imprimer ({done.codes.length})</summary>
              <ul class="codes-pass">
                {done.codes.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </details>
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}

function AllocateLot({ lots, onAllocated }: { lots: Lot[]; onAllocated: () => void }) {
  const structures = useApi(() => fetchStructures(), []);
  const prescripteurs = structures.state.status === 'ok' ? structures.state.data.items : [];
  const open = lots.filter((l) => l.aAllouer > 0);
  const [lotId, setLotId] = useState('');
  const [prescripteurId, setPrescripteurId] = useState('');
  const [nombre, setNombre] = useState('10');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<{ n: number; nom: string } | null>(null);
  const lot = lotId || open[0]?.id || '';
  const prescripteur = prescripteurId || prescripteurs[0]?.id || '';
  const submit = async (e: Event) => {
    e.preventDefault();
    const count = Number(nombre);
    const missing: FieldError[] = [];
    if (!lot) missing.push({ field: 'allocation-lot', message: 'Lot : aucun lot n’a de pass à allouer.' });
    if (!prescripteur) missing.push({ field: 'allocation-prescripteur', message: 'Prescripteur : choisissez une structure.' });
    if (!Number.isInteger(count) || count <= 0) missing.push({ field: 'allocation-nombre', message: 'Nombre de pass : un nombre entier positif.' });
    setErrors(missing);
    if (missing.length) return;
    const r = await allocatePasses({ lotId: lot, prescripteurId: prescripteur, nombre: count });
    if (!r.ok) {
      setErrors([{ field: 'allocation-nombre', message: r.message }]);
      return;
    }
    setDone({ n: r.data.nombre, nom: prescripteurs.find((s) => s.id === prescripteur)?.nom ?? '' });
    onAllocated();
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <Section id="allocation" title="Allouer des pass à un prescripteur">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title="Les pass n’ont pas été alloués" />
        <SelectField id="allocation-lot" label="Lot" value={lot} onValue={setLotId} error={err('allocation-lot')} options={open.map((l) => ({ value: l.id, label: `${l.financeur}, n° ${l.premierNumero} à ${l.dernierNumero} (${l.aAllouer} à allouer)` }))} />
        <SelectField id="allocation-prescripteur" label="Prescripteur" value={prescripteur} onValue={setPrescripteurId} error={err('allocation-prescripteur')} options={prescripteurs.map((s) => ({ value: s.id, label: `${s.nom} (${s.commune})` }))} />
        <TextField id="allocation-nombre" label="Nombre de pass" required inputMode="numeric" value={nombre} onValue={setNombre} error={err('allocation-nombre')} />
        <button type="submit" class="bouton">
          Allouer les pass
        </button>
        {done ? (
          <Notice kind="succes" focusKey={done}>
            {done.n} pass alloués à {done.nom}.
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}

const CANCEL_IDS = { code: 'annulation-code', motif: 'annulation-motif' };

/** The network cancels a pass not yet redeemed (lost, stolen, handed out by mistake): confirmed in a dialog, it cannot be undone. */
function CancelPass({ onCancelled }: { onCancelled: () => void }) {
  const [code, setCode] = useState('');
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ pass: PassState; n: number } | null>(null);
  const ask = (e: Event) => {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!code.trim()) missing.push({ field: 'annulation-code', message: 'Code du pass : saisissez le code imprimé sous le QR code.' });
    if (!motif.trim()) missing.push({ field: 'annulation-motif', message: 'Motif de l’annulation : ce champ est obligatoire.' });
    setErrors(missing);
    if (!missing.length) setConfirming(true);
  };
  const confirm = async () => {
    // The dialog closes first (the focus goes back to the button): the outcome then takes the focus.
    setConfirming(false);
    setBusy(true);
    const r = await cancelPass({ code: code.trim().toUpperCase(), motif: motif.trim() });
    setBusy(false);
    if (!r.ok) {
      const fields = fieldErrorsFrom(r.details, CANCEL_IDS);
      setErrors(fields.length ? fields : [{ field: 'annulation-code', message: r.message }]);
      return;
    }
    setErrors([]);
    setCode('');
    setMotif('');
    setDone((d) => ({ pass: r.data, n: (d?.n ?? 0) + 1 }));
    onCancelled();
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <Section id="annulation" title="Annuler un pass">
      <p>Un pass perdu, volé ou remis par erreur s’annule tant qu’il n’a pas été encaissé.</p>
      <form noValidate onSubmit={ask}>
        <ErrorSummary errors={errors} title="Le pass n’a pas été annulé" />
        <TextField id="annulation-code" label="Code du pass" hint="Imprimé sous le QR code, par exemple PN-1001-3F2A9C01B4." required value={code} onValue={setCode} error={err('annulation-code')} autocapitalize="characters" spellcheck={false} />
        <TextArea id="annulation-motif" label="Motif de l’annulation" required rows={2} value={motif} onValue={setMotif} error={err('annulation-motif')} />
        <button type="submit" class="bouton bouton--danger" disabled={busy}>
          Annuler le pass
        </button>
        {busy ? <LiveStatus>Annulation…</LiveStatus> : null}
      </form>
      <ConfirmDialog open={confirming} title="Annuler le pass" confirmLabel="Confirmer l’annulation" cancelLabel="Garder le pass" danger busy={busy} onConfirm={() => void confirm()} onClose={() => setConfirming(false)}>
        <p>Le pass {code.trim().toUpperCase()} ne pourra plus être remis ni encaissé. Cette action est définitive.</p>
      </ConfirmDialog>
      {/* After the dialog: its closing gives the focus back to the button, the notice then takes it. */}
      {done ? (
        <Notice kind="succes" focusKey={done.n}>
          Pass n° {done.pass.numero} annulé : il ne pourra plus être encaissé.
        </Notice>
      ) : null}
    </Section>
  );
}
