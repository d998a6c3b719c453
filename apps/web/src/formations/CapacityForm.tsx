import { useState } from 'preact/hooks';
import type { TrainingSession } from '@pin/contracts';
import { ErrorSummary, fieldErrorsFrom, TextField, type FieldError } from '../ui/form';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { changeCapacity } from './formations.api';

/** The network changes a session's capacity: raised, the first people waiting get the new seats at once. */
export function CapacityForm({ session, onChange }: { session: TrainingSession; onChange: () => Promise<void> }) {
  const [value, setValue] = useState(String(session.capacite));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const capacite = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || capacite < 1 || capacite > 500) {
      setErrors([{ field: 'capacite', message: 'Capacité : un nombre entier de 1 à 500.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await changeCapacity(session.id, capacite);
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { capacite: 'capacite' });
      setErrors(fields.length ? fields.map((f) => (f.field === 'capacite' ? { ...f, message: res.message } : f)) : [{ field: '', message: res.message }]);
      return;
    }
    await onChange();
    const n = res.data.promues.length;
    setNotice({
      text: `Capacité portée à ${res.data.capacite} places.` + (n ? ` ${n === 1 ? '1 personne de la liste d’attente a obtenu une place.' : `${n} personnes de la liste d’attente ont obtenu une place.`}` : ''),
      at: Date.now(),
    });
  }

  return (
    <Section id="capacite" title="Capacité de la session">
      {notice ? (
        <Notice kind="succes" focusKey={notice.at}>
          {notice.text}
        </Notice>
      ) : null}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} id="erreurs-capacite" />
        <TextField
          id="capacite"
          label="Nombre de places"
          hint="Augmentée, la capacité donne les nouvelles places aux premières personnes de la liste d’attente. Elle ne peut pas descendre sous le nombre de personnes inscrites."
          required
          inputMode="numeric"
          value={value}
          onValue={setValue}
          error={errors.find((x) => x.field === 'capacite')?.message}
        />
        <p class="action">
          <button type="submit" class="bouton bouton--secondaire" disabled={busy}>
            Changer la capacité
          </button>
        </p>
      </form>
    </Section>
  );
}
