import type { Label } from './labellisation.api';

/** Days before the end when the service sends its renewal reminder (LABEL_REMINDER_DAYS' default). */
export const REMINDER_DAYS = 60;

/** Near its end: the service's reminder went out, or the last day is within the reminder window. */
export function nearEnd(l: Pick<Label, 'rappelEnvoye' | 'jusquAu'>, today = new Date()): boolean {
  if (l.rappelEnvoye) return true;
  if (!l.jusquAu) return false;
  const end = new Date(`${l.jusquAu}T12:00:00Z`).getTime();
  return end - today.getTime() <= REMINDER_DAYS * 86_400_000;
}
