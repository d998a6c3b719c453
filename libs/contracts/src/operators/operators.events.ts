import { z } from 'zod';
import { defineEvent } from '../cloud-event';

/**
 * A webhook endpoint stopped receiving: it answered 410 Gone, or every attempt of a delivery
 * failed. The notice for the operator and the network's IT; ids only.
 */
export const WebhookDisabledV1 = defineEvent(
  'pin.operators.webhook.disabled.v1',
  z.object({ webhookId: z.uuid(), operatorId: z.string(), motif: z.enum(['gone', 'echecs']), desactiveLe: z.iso.datetime({ offset: true }) }),
);
