import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificationGrantedV1, PixRecordedV1 } from '@pin/contracts';
import type { EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { newAttestationCode } from './attestation-code';
import { AttestationRepository, type AttestationRow, type Participant } from './attestation.repository';

/**
 * Completion of a module or a path: the attestation (one per participant and module or path), the
 * paths completed module by module, and `pin.training.certification.granted.v1` for the path
 * required for habilitation — all in the caller's transaction, the event through the outbox.
 */
@Injectable()
export class CompletionService {
  constructor(private readonly attestations: AttestationRepository) {}

  /** Issues the attestation (or returns the one already held) and everything it completes. */
  async complete(m: EntityManager, events: EventRecorder, c: { participant: Participant; moduleId: string | null; pathId: string | null; registrationId: string | null }): Promise<AttestationRow> {
    const id = await this.attestations.insert(m, { id: randomUUID(), code: newAttestationCode(), ...c });
    if (id && c.moduleId) {
      for (const pathId of await this.attestations.pathsCompletedByModules(m, c.participant.username)) {
        await this.attestations.insert(m, { id: randomUUID(), code: newAttestationCode(), participant: c.participant, moduleId: null, pathId, registrationId: null });
      }
    }
    await this.emitPending(m, events, c.participant.username);
    const rows = await this.attestations.mine(m, c.participant.username);
    return rows.find((r) => (c.moduleId ? r.module_id === c.moduleId : r.path_id === c.pathId))!;
  }

  /** A person acting in PIN: attestations issued to their username get their subject id, and pending certifications are announced. */
  async identify(m: EntityManager, events: EventRecorder, user: { username: string; sub: string }): Promise<void> {
    await this.attestations.claim(m, user.username, user.sub);
    await this.emitPending(m, events, user.username);
  }

  /** The certification event of each required path completed by this person whose subject id is known and not yet announced. */
  async emitPending(m: EntityManager, events: EventRecorder, username: string): Promise<void> {
    for (const a of await this.attestations.pendingCertifications(m, username)) {
      events.record(CertificationGrantedV1, {
        subject: a.id,
        data: { aidantSub: a.participant_sub!, pathId: a.path_id!, attestationId: a.id },
        correlationId: RequestContext.correlationId(),
      });
      await this.attestations.markCertificationEmitted(m, a.id);
    }
    // PIX results recorded for this person: « test PIX réussi » (or not) for mandates, ids only.
    for (const p of await this.attestations.pendingPix(m, username)) {
      events.record(PixRecordedV1, {
        subject: p.id,
        data: { pixResultId: p.id, aidantSub: p.aidant_sub, structureId: p.structure_id, passedOn: p.passe_le, meetsThreshold: p.seuil_atteint },
        correlationId: RequestContext.correlationId(),
      });
      await this.attestations.markPixEmitted(m, p.id);
    }
  }
}
