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

const territory = z.object({ departements: z.array(z.string()), epcis: z.array(z.string()), communes: z.array(z.string()) });

/** An operator told the aidants something about its online services (veille téléservices). Ids and scope only. */
export const AnnouncementPublishedV1 = defineEvent(
  'pin.operators.announcement.published.v1',
  z.object({ annonceId: z.uuid(), operatorId: z.string(), demarches: z.array(z.string()), territoire: territory, publieeLe: z.iso.datetime({ offset: true }) }),
);

/** An aidant marked an announcement as read: the operator learns that its structure got it (never who). */
export const AnnouncementAcknowledgedV1 = defineEvent(
  'pin.operators.announcement.acknowledged.v1',
  z.object({ annonceId: z.uuid(), operatorId: z.string(), structureId: z.uuid().nullable(), acquitteeLe: z.iso.datetime({ offset: true }) }),
);

/**
 * A lieu updated an orientation, or the person cancelled it (ids, status and appointment only):
 * the orienting operator learns whether the person was helped. `acceptee`, `planifiee`, `refusee`,
 * `annulee` and `rendezVousLe` were added to the first published values; only operators'
 * orientations publish it (an aidant follows theirs in PIN).
 */
export const OrientationStatusChangedV1 = defineEvent(
  'pin.operators.orientation.status-changed.v1',
  z.object({
    orientationId: z.uuid(),
    operatorId: z.string(),
    lieuId: z.uuid(),
    statut: z.enum(['accompagnee', 'non-venue', 'reorientee', 'acceptee', 'planifiee', 'refusee', 'annulee']),
    rendezVousLe: z.iso.datetime({ offset: true }).optional(),
    changeLe: z.iso.datetime({ offset: true }),
  }),
);
