import { useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, StructureMember, TrainingPixResult } from '@pin/contracts';
import { DataTable } from '../ui/DataTable';
import { frDate } from '../ui/dates';
import { ChoiceGroup, ErrorSummary, errorFor, fieldErrorsFrom, TextArea, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError, structureLabel } from '../mandats/parts';
import { fetchMembers, fetchPixResults, recordPix } from './formations.api';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Résultats PIX';

const FIELD_IDS: Record<string, string> = {
  aidant: 'pix-aidant-0',
  'aidant.username': 'pix-aidant-0',
  score: 'pix-score',
  date: 'pix-date',
  preuve: 'pix-code',
  'preuve.codeVerification': 'pix-code',
  'preuve.commentaire': 'pix-commentaire',
  structureId: 'pix-structure-0',
};

/**
 * `/app/formations/pix`: the référent records the PIX result of an aidant of their structure with
 * the certificate's verification code (« test PIX réussi » for habilitation); the list shows the
 * structure's results (the network: all; an aidant: their own).
 */
export function PixPage() {
  return <Guard title={TITLE} policy={POLICIES.formation.pixRead}>{(user) => <Pix user={user} />}</Guard>;
}

function Pix({ user }: { user: CurrentUser }) {
  const results = useApi(fetchPixResults, []);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  const own = user.structures.filter((s) => s !== '*');
  const canRecord = allows(user, POLICIES.formation.pix) && own.length > 0;
  return (
    <Page
      title={TITLE}
      lead="Le test PIX mesure les compétences numériques. Un résultat enregistré avec le code de vérification de son certificat compte pour l’habilitation Aidants Connect lorsqu’il atteint le seuil du réseau."
    >
      {notice ? (
        <Notice kind="succes" focusKey={notice.at}>
          {notice.text}
        </Notice>
      ) : null}
      {canRecord ? (
        <RecordForm
          user={user}
          structures={own}
          onRecorded={async (r) => {
            await results.reload();
            setNotice({ text: `Résultat PIX enregistré pour ${r.aidant.nom ?? r.aidant.username} : ${r.score} pix, ${r.seuilAtteint ? 'seuil atteint (compte pour l’habilitation)' : 'seuil non atteint'}.`, at: Date.now() });
          }}
        />
      ) : null}
      <Section id="resultats-pix" title={canRecord || user.roles.some((r) => r === 'animateur' || r === 'admin') ? 'Résultats enregistrés' : 'Mes résultats PIX'}>
        {results.state.status === 'loading' ? <LiveStatus>Chargement des résultats…</LiveStatus> : null}
        {results.state.status === 'error' ? <LoadError text="Impossible d’afficher les résultats PIX." failure={results.state.failure} retry={() => void results.reload()} /> : null}
        {results.state.status === 'ok' ? (
          <DataTable<TrainingPixResult>
            caption="Résultats PIX, les plus récents d’abord"
            rows={results.state.data.items}
            rowKey={(r) => r.id}
            empty="Aucun résultat PIX enregistré pour le moment."
            columns={[
              { label: 'Aidant', rowHeader: true, render: (r) => r.aidant.nom ?? r.aidant.username },
              { label: 'Date du test', render: (r) => frDate(r.date) },
              { label: 'Score', render: (r) => `${r.score} pix` },
              { label: 'Seuil', render: (r) => (r.seuilAtteint ? 'Atteint' : 'Non atteint') },
              { label: 'Code de vérification', render: (r) => <span class="code-attestation">{r.preuve.codeVerification}</span> },
              { label: 'Enregistré', render: (r) => `le ${frDate(r.enregistreLe)} par ${r.enregistrePar}` },
            ]}
          />
        ) : null}
      </Section>
      <p>
        <a href="/app/formations">Revenir aux formations</a>
      </p>
    </Page>
  );
}

function RecordForm({ user, structures, onRecorded }: { user: CurrentUser; structures: string[]; onRecorded: (r: TrainingPixResult) => Promise<void> }) {
  const [structure, setStructure] = useState<string[]>([structures[0]]);
  const structureId = structure[0];
  const members = useApi(() => fetchMembers(structureId), [structureId]);
  const [member, setMember] = useState<string[]>([]);
  const [score, setScore] = useState('');
  const [date, setDate] = useState('');
  const [code, setCode] = useState('');
  const [commentaire, setCommentaire] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const eligible: StructureMember[] = members.state.status === 'ok' ? members.state.data.items.filter((m) => m.username !== user.username && m.roles.some((r) => r === 'aidant' || r === 'mediateur')) : [];

  function check(): FieldError[] {
    const out: FieldError[] = [];
    if (!eligible.some((m) => m.username === member[0])) out.push({ field: 'pix-aidant-0', message: 'Choisissez l’aidant parmi les membres de la structure.' });
    if (!/^\d+$/.test(score.trim()) || Number(score) > 1024) out.push({ field: 'pix-score', message: 'Score : un nombre entier de 0 à 1024 (pix).' });
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) out.push({ field: 'pix-date', message: 'Indiquez la date du test (JJ/MM/AAAA).' });
    else if (date > today) out.push({ field: 'pix-date', message: 'La date du test ne peut pas être dans le futur.' });
    if (!/^P-[A-Z0-9]{8}$/i.test(code.trim())) out.push({ field: 'pix-code', message: 'Code de vérification : format P-XXXXXXXX, tel qu’imprimé sur le certificat PIX.' });
    return out;
  }

  async function submit(e: Event) {
    e.preventDefault();
    const problems = check();
    setErrors(problems);
    if (problems.length) return;
    const chosen = eligible.find((m) => m.username === member[0])!;
    setBusy(true);
    const res = await recordPix({
      structureId,
      aidant: { username: chosen.username, ...(chosen.nom ? { nom: chosen.nom } : {}) },
      score: Number(score),
      date,
      preuve: { codeVerification: code.trim().toUpperCase(), ...(commentaire.trim() ? { commentaire: commentaire.trim() } : {}) },
    });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, FIELD_IDS);
      setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
      return;
    }
    setMember([]);
    setScore('');
    setDate('');
    setCode('');
    setCommentaire('');
    await onRecorded(res.data);
  }

  return (
    <Section id="enregistrer-pix" title="Enregistrer un résultat PIX">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} id="erreurs-pix" />
        {structures.length > 1 ? (
          <ChoiceGroup name="pix-structure" legend="Structure" type="radio" choices={structures.map((id) => ({ value: id, label: structureLabel(id) }))} values={structure} onValues={setStructure} />
        ) : null}
        {members.state.status === 'loading' ? <LiveStatus>Chargement des membres de la structure…</LiveStatus> : null}
        {members.state.status === 'error' ? <LoadError text="Impossible d’afficher les membres de la structure." failure={members.state.failure} retry={() => void members.reload()} /> : null}
        {members.state.status === 'ok' && eligible.length === 0 ? <p>Aucun aidant de la structure ne s’est encore connecté à PIN.</p> : null}
        {eligible.length ? (
          <ChoiceGroup
            name="pix-aidant"
            legend="Aidant"
            type="radio"
            hint="Les aidants et médiateurs de la structure qui se sont déjà connectés à PIN."
            choices={eligible.map((m) => ({ value: m.username, label: m.nom ?? m.username }))}
            values={member}
            onValues={setMember}
            error={errorFor(errors, 'pix-aidant-0')}
          />
        ) : null}
        <TextField id="pix-score" label="Score (pix)" hint="De 0 à 1024, tel qu’indiqué sur le certificat." required inputMode="numeric" value={score} onValue={setScore} error={errorFor(errors, 'pix-score')} />
        <TextField id="pix-date" label="Date du test" required type="date" value={date} onValue={setDate} error={errorFor(errors, 'pix-date')} />
        <TextField id="pix-code" label="Code de vérification du certificat" hint="Format P-XXXXXXXX : chacun peut le vérifier sur pix.fr." required autocapitalize="characters" value={code} onValue={setCode} error={errorFor(errors, 'pix-code')} />
        <TextArea id="pix-commentaire" label="Commentaire" rows={2} value={commentaire} onValue={setCommentaire} error={errorFor(errors, 'pix-commentaire')} />
        <p class="action">
          <button type="submit" class="bouton" disabled={busy || members.state.status !== 'ok'}>
            Enregistrer le résultat
          </button>
        </p>
      </form>
    </Section>
  );
}
