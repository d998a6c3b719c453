import { z } from 'zod';
import { defineEvent } from '../cloud-event';
import { MAILBOX_STATUTS } from './mailbox.dto';

/** A mailbox exists in the mail server and its letter is printable. Ids only: never the address or a name. */
export const MailboxProvisionedV1 = defineEvent(
  'pin.mailbox.mailbox.provisioned.v1',
  z.object({ mailboxId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid(), provisionneeLe: z.iso.datetime({ offset: true }) }),
);

/** A lifecycle change (suspended, reactivated, disabled, deletion scheduled, deleted). Ids and status only. */
export const MailboxStatusChangedV1 = defineEvent(
  'pin.mailbox.mailbox.status-changed.v1',
  z.object({ mailboxId: z.uuid(), usagerId: z.uuid(), statut: z.enum(MAILBOX_STATUTS), changeLe: z.iso.datetime({ offset: true }) }),
);
