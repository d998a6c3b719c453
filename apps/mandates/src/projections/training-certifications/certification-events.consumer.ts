import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CertificationGrantedV1, CertificationWithdrawnV1, PixRecordedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import { JOURNAL_INPUTS } from '../../journal/journal-inputs';
import { JournalService } from '../../journal/journal.service';

export const TRAINING_CONSUMER = 'mandates-training';
/** A second durable on PIN_TRAINING for PIX results (the first one's filter stays `pin.training.certification.>`). */
export const TRAINING_PIX_CONSUMER = 'mandates-training-pix';

/**
 * Keeps `training_certification` and `training_pix` from the training service's events, and fills
 * the prerequisites « formation suivie » and « test PIX réussi » of the aidant's pending
 * habilitation requests (journaled): nobody ticks a box. A withdrawn certification clears
 * « formation suivie » of the pending requests that relied on it and flags the granted ones.
 */
@Injectable()
export class CertificationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly journal: JournalService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: TRAINING_CONSUMER,
      stream: STREAMS.training.name,
      filterSubject: 'pin.training.certification.>',
      handlers: [
        { event: CertificationGrantedV1, handle: (e, m) => recordCertification(e, m, this.journal) },
        { event: CertificationWithdrawnV1, handle: (e, m) => withdrawCertification(e, m, this.journal) },
      ],
    });
    this.consumers.register({
      durable: TRAINING_PIX_CONSUMER,
      stream: STREAMS.training.name,
      filterSubject: 'pin.training.pix.>',
      handlers: [{ event: PixRecordedV1, handle: (e, m) => recordPix(e, m, this.journal) }],
    });
  }
}

export async function recordCertification(event: CloudEvent<EventData<typeof CertificationGrantedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const c = event.data;
  // A path certified again after a withdrawal counts again.
  await m.query(
    `INSERT INTO training_certification (aidant_sub, path_id, attestation_id, certified_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (aidant_sub, path_id) DO UPDATE SET attestation_id = EXCLUDED.attestation_id, certified_at = EXCLUDED.certified_at, withdrawn_at = NULL
       WHERE training_certification.withdrawn_at IS NOT NULL AND training_certification.attestation_id <> EXCLUDED.attestation_id`,
    [c.aidantSub, c.pathId, c.attestationId, event.time],
  );
  // UPDATE … RETURNING answers [rows, count].
  const [updated] = (await m.query(
    `UPDATE habilitation SET formation_suivie_le = $2, formation_attestation_id = $3 WHERE aidant_sub = $1 AND statut = 'demandee' AND formation_suivie_le IS NULL
       AND NOT EXISTS (SELECT 1 FROM training_certification tc WHERE tc.attestation_id = $3 AND tc.withdrawn_at IS NOT NULL) RETURNING id, structure_id`,
    [c.aidantSub, event.time, c.attestationId],
  )) as [Array<{ id: string; structure_id: string }>, number];
  await journal.append(
    m,
    updated.map((h) => JOURNAL_INPUTS['habilitation.formation_certifiee']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: c.aidantSub, pathId: c.pathId, attestationId: c.attestationId })),
  );
}

/**
 * The certification no longer counts: pending requests that relied on it lose « formation suivie »
 * (unless another certification of the aidant still holds); granted habilitations are NOT withdrawn
 * automatically — a person decides — but flagged (`certification_retiree_le`) for the référent and
 * the animateur. Journaled; idempotent (a redelivery finds nothing left to change).
 */
export async function withdrawCertification(event: CloudEvent<EventData<typeof CertificationWithdrawnV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const c = event.data;
  await m.query(`UPDATE training_certification SET withdrawn_at = $2 WHERE attestation_id = $1 AND withdrawn_at IS NULL`, [c.attestationId, event.time]);
  const other = (await m.query(
    `SELECT attestation_id, certified_at FROM training_certification WHERE aidant_sub = $1 AND withdrawn_at IS NULL ORDER BY certified_at LIMIT 1`,
    [c.aidantSub],
  )) as Array<{ attestation_id: string; certified_at: Date }>;
  const [rows] = (await m.query(
    `UPDATE habilitation SET certification_retiree_le = $2,
            formation_suivie_le = CASE WHEN statut = 'demandee' THEN $3::timestamptz ELSE formation_suivie_le END,
            formation_attestation_id = CASE WHEN statut = 'demandee' THEN $4::uuid ELSE formation_attestation_id END
      WHERE formation_attestation_id = $1 AND statut IN ('demandee', 'accordee') AND certification_retiree_le IS NULL
      RETURNING id, structure_id, statut, formation_suivie_le`,
    [c.attestationId, event.time, other[0]?.certified_at ?? null, other[0]?.attestation_id ?? null],
  )) as [Array<{ id: string; structure_id: string; statut: string; formation_suivie_le: Date | null }>, number];
  await journal.append(
    m,
    rows.map((h) =>
      JOURNAL_INPUTS['habilitation.certification_retiree']({
        habilitationId: h.id, structureId: h.structure_id, aidantSub: c.aidantSub, attestationId: c.attestationId, statut: h.statut, formationRetiree: h.statut === 'demandee' && h.formation_suivie_le === null,
      }),
    ),
  );
}

/** A PIX result: kept whatever the score; a result meeting the threshold fills « test PIX réussi » of pending requests. */
export async function recordPix(event: CloudEvent<EventData<typeof PixRecordedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const p = event.data;
  await m.query(
    `INSERT INTO training_pix (pix_result_id, aidant_sub, structure_id, passed_on, meets_threshold, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pix_result_id) DO NOTHING`,
    [p.pixResultId, p.aidantSub, p.structureId, p.passedOn, p.meetsThreshold, event.time],
  );
  if (!p.meetsThreshold) return;
  const [updated] = (await m.query(
    `UPDATE habilitation SET pix_reussi_le = $2 WHERE aidant_sub = $1 AND statut = 'demandee' AND pix_reussi_le IS NULL RETURNING id, structure_id`,
    [p.aidantSub, event.time],
  )) as [Array<{ id: string; structure_id: string }>, number];
  await journal.append(
    m,
    updated.map((h) => JOURNAL_INPUTS['habilitation.pix_reussi']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: p.aidantSub, pixResultId: p.pixResultId, passedOn: p.passedOn })),
  );
}
