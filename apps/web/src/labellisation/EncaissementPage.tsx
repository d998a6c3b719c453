import { useCallback, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { fetchLieuxAptic, redeemPass, type PassState } from './labellisation.api';
import { QrScanner } from './QrScanner';

const TITLE = 'Encaisser un Pass Numérique';
const SERVICES = [
  { value: 'accompagnement-demarches', label: 'Accompagnement aux démarches en ligne' },
  { value: 'atelier-numerique', label: 'Atelier d’initiation au numérique' },
  { value: 'acces-materiel', label: 'Accès à un ordinateur et à internet' },
];

/** A lieu labelled #APTIC redeems a pass: QR code scanned with the phone's camera, or the code typed. */
export function EncaissementPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.passRedeem}>
      {() => <Encaissement />}
    </Guard>
  );
}

function Encaissement() {
  const lieux = useApi(() => fetchLieuxAptic(), []);
  const [code, setCode] = useState('');
  const [lieuId, setLieuId] = useState('');
  const [service, setService] = useState(SERVICES[0].value);
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<{ pass: PassState; n: number } | null>(null);
  const items = lieux.state.status === 'ok' ? lieux.state.data.items : [];
  const chosenLieu = lieuId || items[0]?.id || '';
  const onCode = useCallback((text: string) => {
    setCode(text.trim().toUpperCase());
    setScanning(false);
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!code.trim()) missing.push({ field: 'pass-code', message: 'Code du pass : scannez le QR code ou saisissez le code imprimé.' });
    if (!chosenLieu) missing.push({ field: 'pass-code', message: 'Aucun lieu de votre structure n’est labellisé #APTIC : vous ne pouvez pas encaisser de pass.' });
    if (missing.length) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    const r = await redeemPass({ code: code.trim().toUpperCase(), lieuId: chosenLieu, service });
    setBusy(false);
    if (!r.ok) {
      setErrors([{ field: 'pass-code', message: r.message }]);
      return;
    }
    setErrors([]);
    setCode('');
    setDone((d) => ({ pass: r.data, n: (d?.n ?? 0) + 1 }));
  };
  return (
    <Page title={TITLE} lead="Chaque pass ne s’encaisse qu’une fois, dans un lieu labellisé #APTIC, jusqu’au 31 décembre (toléré jusqu’au 31 janvier).">
      <Section id="encaissement" title="Le pass présenté">
        <form noValidate onSubmit={(e) => void submit(e)}>
          <ErrorSummary errors={errors} title="Le pass n’a pas été encaissé" />
          {scanning ? (
            <QrScanner onCode={onCode} onClose={() => setScanning(false)} />
          ) : (
            <p>
              <button type="button" class="bouton bouton--secondaire" onClick={() => setScanning(true)}>
                Scanner le QR code avec la caméra
              </button>
            </p>
          )}
          <TextField id="pass-code" label="Code du pass" hint="Imprimé sous le QR code, par exemple PN-1001-3F2A9C01B4." required value={code} onValue={setCode} error={errors.find((x) => x.field === 'pass-code')?.message} autocapitalize="characters" spellcheck={false} />
          {lieux.state.status === 'loading' ? <LiveStatus>Chargement de vos lieux…</LiveStatus> : null}
          {items.length > 1 ? <SelectField id="pass-lieu" label="Lieu" value={chosenLieu} onValue={setLieuId} options={items.map((l) => ({ value: l.id, label: `${l.nom} (${l.commune})` }))} /> : null}
          {items.length === 1 ? <p id="pass-lieu">Lieu : {items[0].nom} ({items[0].commune})</p> : null}
          <SelectField id="pass-service" label="Service rendu" value={service} onValue={setService} options={SERVICES} />
          <button type="submit" class="bouton" disabled={busy}>
            Encaisser le pass
          </button>
          {busy ? <LiveStatus>Encaissement…</LiveStatus> : null}
          {done ? (
            <Notice kind="succes" focusKey={done.n}>
              Pass n° {done.pass.numero} encaissé ({(done.pass.valeurCentimes / 100).toFixed(2).replace('.', ',')} €).
            </Notice>
          ) : null}
        </form>
      </Section>
    </Page>
  );
}
