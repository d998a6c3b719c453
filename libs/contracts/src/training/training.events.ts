import { z } from 'zod';
import { defineEvent } from '../cloud-event';

/**
 * The aidant completed the path required for habilitation ("formation suivie"). Ids only:
 * `aidantSub` is the aidant's opaque Keycloak subject id (emitted once it is known: an aidant
 * registered by their referent is known by sub from their first action in PIN).
 */
export const CertificationGrantedV1 = defineEvent(
  'pin.training.certification.granted.v1',
  z.strictObject({ aidantSub: z.string().min(1), pathId: z.string(), attestationId: z.uuid() }),
);

/**
 * A PIX result was recorded for the aidant by their referent (or the network). Ids, the test date
 * and whether the score meets the threshold required for habilitation — never a name nor the
 * verification code. Emitted once the aidant's subject id is known (as the certification).
 */
export const PixRecordedV1 = defineEvent(
  'pin.training.pix.recorded.v1',
  z.strictObject({ pixResultId: z.uuid(), aidantSub: z.string().min(1), structureId: z.uuid(), passedOn: z.iso.date(), meetsThreshold: z.boolean() }),
);

/**
 * The network withdrew a training certification (granted by mistake): the attestation of the
 * required path no longer counts as « formation suivie ». Ids only.
 */
export const CertificationWithdrawnV1 = defineEvent(
  'pin.training.certification.withdrawn.v1',
  z.strictObject({ aidantSub: z.string().min(1), pathId: z.string(), attestationId: z.uuid() }),
);

/**
 * The reminder before a session: the participant holds a seat in a session starting within the
 * notice period (`TRAINING_REMINDER_DAYS`). Once per registration; ids and the start time only —
 * `aidantSub` is null while the participant registered by their referent has not yet used PIN.
 */
export const RegistrationRemindedV1 = defineEvent(
  'pin.training.registration.reminded.v1',
  z.strictObject({ registrationId: z.uuid(), sessionId: z.uuid(), aidantSub: z.string().min(1).nullable(), structureId: z.uuid().nullable(), startsAt: z.iso.datetime() }),
);
