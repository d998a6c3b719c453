import { z } from 'zod';
import { defineEvent } from '../cloud-event';

/** Ids only: no file name, description, category label or personal data leaves the safe. */
export const SafeDocumentDepositedV1 = defineEvent(
  'pin.safe.document.deposited.v1',
  z.object({ documentId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid().nullable() }),
);
export const SafeDocumentDeletedV1 = defineEvent('pin.safe.document.deleted.v1', z.object({ documentId: z.uuid(), usagerId: z.uuid() }));
export const SafeShareGrantedV1 = defineEvent(
  'pin.safe.share.granted.v1',
  z.object({ shareId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid(), documentId: z.uuid().nullable() }),
);
export const SafeShareRevokedV1 = defineEvent('pin.safe.share.revoked.v1', z.object({ shareId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid() }));
