import { AutorisationRevokedV1, MandateRevokedV1, type Demarche } from '@pin/contracts';
import type { EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import type { JournalData, JournalInput } from '../journal/journal.types';

export interface RevocationContext {
  usagerId: string;
  structureId: string;
  actorSub: string;
  par: 'usager' | 'aidant';
  parNom: string;
  at: Date;
  motif: 'revocation' | 'renouvellement';
  /** The mandate that replaces them (renewal). */
  remplaceePar?: string;
}

/** Journal entries and events of revoked autorisations (by revocation or renewal). */
export function recordAutorisationsRevoked(
  events: EventRecorder,
  entries: JournalInput[],
  revoked: ReadonlyArray<{ id: string; mandat_id: string; demarche: Demarche }>,
  c: RevocationContext,
): void {
  const correlationId = RequestContext.correlationId();
  for (const a of revoked) {
    const data: JournalData = c.motif === 'renouvellement' ? { autorisationId: a.id, motif: c.motif, remplaceePar: c.remplaceePar ?? null } : { autorisationId: a.id, motif: c.motif, par: c.par };
    entries.push({ action: 'autorisation.revoquee', usagerId: c.usagerId, structureId: c.structureId, mandatId: a.mandat_id, demarche: a.demarche, actorSub: c.actorSub, data, personal: { acteur: c.parNom } });
    events.record(AutorisationRevokedV1, {
      subject: a.id,
      correlationId,
      data: { autorisationId: a.id, mandatId: a.mandat_id, usagerId: c.usagerId, structureId: c.structureId, demarche: a.demarche, revoqueLe: c.at.toISOString(), motif: c.motif, par: c.par },
    });
  }
}

/** Journal entries and events of mandates closed because all their autorisations were revoked. */
export function recordMandatesRevoked(events: EventRecorder, entries: JournalInput[], closed: ReadonlyArray<{ id: string; revoque_le: Date }>, c: RevocationContext): void {
  for (const x of closed) {
    entries.push({ action: 'mandat.revoque', usagerId: c.usagerId, structureId: c.structureId, mandatId: x.id, actorSub: c.actorSub, data: { par: c.par }, personal: { acteur: c.parNom } });
    events.record(MandateRevokedV1, {
      subject: x.id,
      correlationId: RequestContext.correlationId(),
      data: { mandatId: x.id, usagerId: c.usagerId, structureId: c.structureId, revoqueLe: x.revoque_le.toISOString(), par: c.par },
    });
  }
}
