import { AutorisationRevokedV1, MandateRevokedV1, type Demarche } from '@pin/contracts';
import type { EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { JOURNAL_INPUTS, type JournalActor } from '../journal/journal-inputs';
import type { JournalInput } from '../journal/journal.types';

export interface RevocationContext {
  usagerId: string;
  structureId: string;
  /** Who revoked: `sub` hashed, the name (or « l’usager ») personal. */
  actor: JournalActor;
  par: 'usager' | 'aidant';
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
    entries.push(
      JOURNAL_INPUTS['autorisation.revoquee']({
        usagerId: c.usagerId, structureId: c.structureId, mandatId: a.mandat_id, actor: c.actor, autorisationId: a.id, demarche: a.demarche, par: c.par, motif: c.motif, remplaceePar: c.remplaceePar,
      }),
    );
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
    entries.push(JOURNAL_INPUTS['mandat.revoque']({ usagerId: c.usagerId, structureId: c.structureId, mandatId: x.id, actor: c.actor, par: c.par }));
    events.record(MandateRevokedV1, {
      subject: x.id,
      correlationId: RequestContext.correlationId(),
      data: { mandatId: x.id, usagerId: c.usagerId, structureId: c.structureId, revoqueLe: x.revoque_le.toISOString(), par: c.par },
    });
  }
}
