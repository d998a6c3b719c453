import { z } from 'zod';
import { defineEvent } from '../cloud-event';

/**
 * Events of the labelling service. Ids only: programme and level are slugs of the programme
 * catalogue (`pin-territorial`, `aptic`…), never names; the aidant is their opaque SSO subject.
 */
const labelSchema = z.strictObject({
  labelId: z.uuid(),
  programmeId: z.string().min(1),
  niveau: z.string().nullable(),
  lieuId: z.uuid(),
  structureId: z.uuid().nullable(),
  /** Last day of validity (YYYY-MM-DD), null: no end date. */
  validUntil: z.string().nullable(),
});

/** A label was granted to a lieu (territorial label after review, or a national label recorded as a fact). */
export const LabelGrantedV1 = defineEvent('pin.labelling.label.granted.v1', labelSchema);
/** A label was withdrawn by the network. */
export const LabelRevokedV1 = defineEvent('pin.labelling.label.revoked.v1', labelSchema);
/** A label reached the end of its validity without renewal. */
export const LabelExpiredV1 = defineEvent('pin.labelling.label.expired.v1', labelSchema);

/**
 * An aidant signed the current version of the charte de l'aidant (habilitation prerequisite in
 * mandates). Replaces the reserved, never emitted `pin.labelling.charte.signed.v1` (which carried a username).
 */
export const CharterSignedV1 = defineEvent(
  'pin.labelling.charter.signed.v1',
  z.strictObject({ signatureId: z.uuid(), aidantSub: z.string().min(1), structureId: z.uuid().nullable(), version: z.number().int().positive() }),
);

/**
 * The network published a new version of the charte de l'aidant: signatures of earlier versions no
 * longer satisfy the habilitation prerequisite « charte signée » (everyone signs again). Version number only.
 */
export const CharterPublishedV1 = defineEvent('pin.labelling.charter.published.v1', z.strictObject({ version: z.number().int().positive() }));
