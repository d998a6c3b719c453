import { z } from 'zod';
import { defineEvent } from '../cloud-event';
import { DEMARCHES, type Demarche } from './demarches';

const demarche = z.enum(Object.keys(DEMARCHES) as [Demarche, ...Demarche[]]);
const iso = z.iso.datetime({ offset: true });

/** Payloads carry ids and scope only: no personal data leaves the mandates service in events. */
export const MandateCreatedV1 = defineEvent(
  'pin.mandates.mandate.created.v1',
  z.object({
    mandatId: z.uuid(),
    usagerId: z.uuid(),
    structureId: z.uuid(),
    autorisations: z.array(z.object({ autorisationId: z.uuid(), demarche })),
    debut: iso,
    fin: iso,
    dureeJours: z.number().int(),
    /** Autorisations of older mandates that this one replaced (also sent as autorisation.revoked). */
    remplace: z.array(z.uuid()),
  }),
);

export const MandateRevokedV1 = defineEvent(
  'pin.mandates.mandate.revoked.v1',
  z.object({ mandatId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid(), revoqueLe: iso, par: z.enum(['usager', 'aidant']) }),
);

export const MandateExpiringV1 = defineEvent(
  'pin.mandates.mandate.expiring.v1',
  z.object({ mandatId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid(), fin: iso, usagerNotifie: z.boolean() }),
);

export const MandateExpiredV1 = defineEvent(
  'pin.mandates.mandate.expired.v1',
  z.object({ mandatId: z.uuid(), usagerId: z.uuid(), structureId: z.uuid(), fin: iso }),
);

export const AutorisationRevokedV1 = defineEvent(
  'pin.mandates.autorisation.revoked.v1',
  z.object({
    autorisationId: z.uuid(),
    mandatId: z.uuid(),
    usagerId: z.uuid(),
    structureId: z.uuid(),
    demarche,
    revoqueLe: iso,
    motif: z.enum(['revocation', 'renouvellement']),
    par: z.enum(['usager', 'aidant']),
  }),
);

/**
 * A habilitation by ids only: `aidantSub` is the aidant's opaque Keycloak subject id (null until
 * the aidant first acts in PIN), never a name or username. Services needing to show who the aidant
 * is ask the mandates service (habilitation list) with the caller's rights.
 */
const habilitationV2 = z.strictObject({ habilitationId: z.uuid(), structureId: z.uuid(), aidantSub: z.string().nullable() });
export const HabilitationGrantedV2 = defineEvent('pin.mandates.habilitation.granted.v2', habilitationV2);
/** No free-text reason (v1's `motif`): written by people, it may name people. */
export const HabilitationWithdrawnV2 = defineEvent('pin.mandates.habilitation.withdrawn.v2', habilitationV2);

const habilitationV1 = z.object({ habilitationId: z.uuid(), structureId: z.uuid(), aidantUsername: z.string(), aidantSub: z.string().nullable() });
/**
 * @deprecated Carries `aidantUsername`, personal data that events must not carry (they cannot be
 * purged from streams and consumers' copies). No service ever consumed it, so the mandates service
 * stopped emitting it at once (instead of emitting v1 and v2 until v1 is drained); use
 * {@link HabilitationGrantedV2}. Kept so that the name stays reserved and old messages still parse.
 */
export const HabilitationGrantedV1 = defineEvent('pin.mandates.habilitation.granted.v1', habilitationV1);
/** @deprecated Same reason as {@link HabilitationGrantedV1} (`aidantUsername`, free-text `motif`); use {@link HabilitationWithdrawnV2}. */
export const HabilitationWithdrawnV1 = defineEvent('pin.mandates.habilitation.withdrawn.v1', habilitationV1.extend({ motif: z.string().nullable() }));

/**
 * Inputs of the habilitation prerequisites, to be emitted by later services (labelling: charte de
 * l'aidant; training: formation). Defined now so that producers and mandates agree on the shape.
 * @deprecated Never emitted: the labelling service emits {@link CharterSignedV1}
 * (`pin.labelling.charter.signed.v1`, ids only). The name stays reserved.
 */
export const CharteSignedV1 = defineEvent(
  'pin.labelling.charte.signed.v1',
  z.object({ aidantUsername: z.string(), aidantSub: z.string().nullable(), structureId: z.uuid().nullable(), signeeLe: iso, version: z.string() }),
);
export const FormationCompletedV1 = defineEvent(
  'pin.training.formation.completed.v1',
  z.object({ aidantUsername: z.string(), aidantSub: z.string().nullable(), formation: z.string(), termineeLe: iso, attestationId: z.uuid().nullable() }),
);
