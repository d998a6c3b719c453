import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';

const REASONS: Record<string, string> = {
  gone: 'il a répondu « 410 Gone » (le destinataire n’existe plus)',
  echecs: 'il échoue sans aucune réussite depuis plusieurs jours',
};

/**
 * Contacts of the operators, from OPERATOR_CONTACTS (`pin-caf=webhooks@caf.fr,pin-cpam=…`).
 * An operator without a contact still gets its notice recorded (recipient null).
 */
export function parseOperatorContacts(value: string): Map<string, string> {
  const contacts = new Map<string, string>();
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at > 0) contacts.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return contacts;
}

/**
 * Records, in the disabling transaction, the notice to the operator's contact that one of its
 * endpoints is disabled and why; the staff's console shows it. Sending it (e-mail) is for the
 * platform's notifier, as for the mandates' notices: no mail transport lives in this service.
 */
export async function recordDisabledNotice(
  m: EntityManager,
  endpoint: { id: string; operator_id: string; url: string },
  motif: string,
  recipient: string | null,
): Promise<void> {
  const subject = `PIN : votre point de réception ${endpoint.url} est désactivé`;
  const body = [
    'Bonjour,',
    `PIN n’envoie plus d’événements à ${endpoint.url} : ${REASONS[motif] ?? motif}.`,
    'Les événements suivants sont gardés en attente. Une fois le point de réception réparé, réactivez-le (PATCH /api/v1/operateur/webhooks/:id {"actif": true}) ou demandez-le à l’équipe du Département : ils partiront alors dans l’ordre.',
  ].join('\n\n');
  await m.query(
    `INSERT INTO operator_notice (id, operator_id, endpoint_id, kind, motif, recipient, subject, body) VALUES ($1, $2, $3, 'webhook-disabled', $4, $5, $6, $7)`,
    [randomUUID(), endpoint.operator_id, endpoint.id, motif, recipient, subject, body],
  );
}
