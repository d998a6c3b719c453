import { useMemo, useState } from 'preact/hooks';
import { api } from '../app/api';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { ChoiceGroup, ErrorSummary, errorFor, TextArea, TextField, type FieldError } from '../ui/form';
import { fieldErrors, SIGNALEMENT_MOTIFS, validateSignalement } from './format';

/** Field of validateSignalement / the API → the input the error is shown on. */
const IDS: Record<string, string> = { motif: 'motif-0', commentaire: 'signalement-commentaire', email: 'signalement-email' };
const LABELS: Record<string, string> = { motif: 'Motif', commentaire: 'Précisions', email: 'Adresse e-mail' };
const toFields = (errors: { field: string; message: string }[]): FieldError[] => errors.map((e) => ({ field: IDS[e.field] ?? '', message: e.message }));

/** « Signaler une erreur » on a lieu page: motif, comment, optional e-mail; French checks, then a focused thank-you. */
export function SignalementForm({ lieuId }: { lieuId: string }) {
  const [motif, setMotif] = useState('');
  const [commentaire, setCommentaire] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = validateSignalement({ motif, commentaire, email });
    setErrors(toFields(local));
    if (local.length) return;
    setBusy(true);
    const body: Record<string, string> = { motif };
    if (commentaire.trim()) body.commentaire = commentaire.trim();
    if (email.trim()) body.email = email.trim();
    const r = await api.post<unknown>(`/api/v1/lieux/${encodeURIComponent(lieuId)}/signalements`, body);
    setBusy(false);
    if (!r.ok) {
      const fields = toFields(fieldErrors(r.details).filter((f) => IDS[f.field]));
      setErrors(fields.length ? fields : [{ field: '', message: r.message }]);
      return;
    }
    setErrors([]);
    setSent(true);
  };

  const inline = (field: string) => errorFor(errors, IDS[field]);
  // Memoized: the summary takes the focus whenever its list changes.
  const summary = useMemo(
    () =>
      errors.map((e) => {
        const name = Object.keys(IDS).find((k) => IDS[k] === e.field);
        return name ? { ...e, message: `${LABELS[name]} : ${e.message}` } : e;
      }),
    [errors],
  );

  return (
    <Section id="signalement" title="Signaler une erreur">
      {sent ? (
        <Notice kind="succes" focusKey="envoye">
          <h3>Merci, votre signalement a été envoyé.</h3>
          <p>La structure et l’animateur du réseau vont vérifier ces informations.</p>
        </Notice>
      ) : (
        <>
          <p>Une information est fausse ou le lieu n’existe plus ? Dites-le nous.</p>
          <form noValidate aria-labelledby="titre-signalement" onSubmit={submit}>
            <ErrorSummary id="erreurs-signalement" errors={summary} />
            <ChoiceGroup
              name="motif"
              legend="Qu’est-ce qui est inexact ?"
              type="radio"
              choices={SIGNALEMENT_MOTIFS.map((m) => ({ value: m.value, label: m.label }))}
              values={motif ? [motif] : []}
              onValues={(v) => setMotif(v[0] ?? '')}
              error={inline('motif')}
            />
            <TextArea
              id="signalement-commentaire"
              label="Précisez ce qui est inexact"
              hint="Obligatoire si vous avez choisi « Autre chose ». Par exemple : les nouveaux horaires, la nouvelle adresse. 2 000 caractères au plus."
              value={commentaire}
              onValue={setCommentaire}
              error={inline('commentaire')}
            />
            <TextField
              id="signalement-email"
              type="email"
              autocomplete="email"
              label="Votre adresse e-mail"
              hint="Seulement pour vous tenir informé ; elle n’est pas publiée."
              value={email}
              onValue={setEmail}
              error={inline('email')}
            />
            <p class="action">
              <button type="submit" class="bouton" disabled={busy}>
                Envoyer le signalement
              </button>
            </p>
          </form>
        </>
      )}
    </Section>
  );
}
