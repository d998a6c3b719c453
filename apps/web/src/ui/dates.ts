// French date formats of the pages, always in Paris time (the server and the phone may not be).

/** « 03/12/2026 ». */
export const frDate = (iso: string): string => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

/** « 03/12/2026 21:56 ». */
export const frDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
