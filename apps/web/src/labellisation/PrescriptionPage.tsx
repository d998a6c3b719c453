import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { distributePass, euros, fetchMesPass, frDate, PASS_STATUTS, type PassAlloue } from './labellisation.api';

const TITLE = 'Remettre des Pass Numérique';

/** Prescriber (e.g. the Mission Locale): the passes allocated to the structure, handed out to beneficiaries under a pseudonymous reference. */
export function PrescriptionPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.passDistribute}>
      {() => <Prescription />}
    </Guard>
  );
}

function Prescription() {
  const mesPass = useApi(() => fetchMesPass(), []);
  const [code, setCode] = useState('');
  const [beneficiaire, setBeneficiaire] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ numero: number; n: number } | null>(null);
  const data = mesPass.state.status === 'ok' ? mesPass.state.data : null;
  const aRemettre = data?.items.filter((p) => p.statut === 'alloue') ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const chosen = (code || aRemettre[0]?.code || '').trim().toUpperCase();
    const missing: FieldError[] = [];
    if (!chosen) missing.push({ field: 'remise-code', message: 'Code du pass : saisissez le code imprimé sur le pass remis.' });
    if (!beneficiaire.trim()) missing.push({ field: 'remise-beneficiaire', message: 'Référence du bénéficiaire : ce champ est obligatoire.' });
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    const r = await distributePass({ code: chosen, beneficiaire: beneficiaire.trim() });
    setBusy(false);
    if (!r.ok) {
      setErrors([{ field: 'remise-code', message: r.message }]);
      return;
    }
    setCode('');
    setBeneficiaire('');
    setDone((d) => ({ numero: r.data.numero, n: (d?.n ?? 0) + 1 }));
    void mesPass.reload();
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  return (
    <Page title={TITLE} lead="Les pass alloués à votre structure se remettent aux personnes que vous accompagnez : seule votre référence de dossier est conservée, sous forme chiffrée.">
      <Section id="chiffres" title="Vos pass en chiffres">
        {mesPass.state.status === 'loading' ? <LiveStatus>Chargement de vos pass…</LiveStatus> : null}
        {mesPass.state.status === 'error' ? <p class="statut statut--erreur">{mesPass.state.failure.message}</p> : null}
        {data ? (
          <ul class="chiffres-pass">
            {['alloue', 'distribue', 'scanne', 'reclame', 'paye', 'expire'].map((s) => (
              <li key={s}>
                {PASS_STATUTS[s]} : <strong>{data.parStatut[s] ?? 0}</strong>
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      <Section id="remise" title="Remettre un pass">
        <form noValidate onSubmit={(e) => void submit(e)}>
          <ErrorSummary errors={errors} title="Le pass n’a pas été remis" />
          <TextField
            id="remise-code"
            label="Code du pass"
            hint={aRemettre[0]?.code ? `Laissé vide : le prochain pass à remettre, ${aRemettre[0].code}.` : 'Imprimé sous le QR code, par exemple PN-1001-3F2A9C01B4.'}
            required={aRemettre.length === 0}
            value={code}
            onValue={setCode}
            error={err('remise-code')}
            autocapitalize="characters"
            spellcheck={false}
          />
          <TextField id="remise-beneficiaire" label="Référence du bénéficiaire" hint="Votre numéro de dossier, jamais son nom." required value={beneficiaire} onValue={setBeneficiaire} error={err('remise-beneficiaire')} />
          <button type="submit" class="bouton" disabled={busy}>
            Remettre le pass
          </button>
          {busy ? <LiveStatus>Enregistrement…</LiveStatus> : null}
          {done ? (
            <Notice kind="succes" focusKey={done.n}>
              Pass n° {done.numero} remis.
            </Notice>
          ) : null}
        </form>
      </Section>
      <Section id="pass" title="Pass alloués à votre structure">
        {data ? (
          <DataTable<PassAlloue>
            caption="Pass alloués, par numéro"
            rowKey={(p) => String(p.numero)}
            rows={data.items}
            empty="Aucun pass ne vous a encore été alloué."
            columns={[
              { label: 'Numéro', rowHeader: true, render: (p) => (p.code ? <code>{p.code}</code> : `n° ${p.numero}`) },
              { label: 'État', render: (p) => PASS_STATUTS[p.statut] ?? p.statut },
              { label: 'Valeur', render: (p) => euros(p.valeurCentimes) },
              { label: 'Valable jusqu’au', render: (p) => frDate(p.valideJusquAu) },
              { label: 'Encaissé le', render: (p) => (p.encaisseLe ? frDate(p.encaisseLe) : '—') },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}
