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
