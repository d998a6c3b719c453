import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CharterPublishedV1, CharterSignedV1, STREAMS, type CloudEvent, type EventData } from '@pin/contracts';
import { EventConsumers } from '@pin/messaging';
import { JOURNAL_INPUTS } from '../../journal/journal-inputs';
import { JournalService } from '../../journal/journal.service';

export const LABELLING_CONSUMER = 'mandates-labelling';

/**
 * Keeps `charter_signature` and `charter_version` from the labelling service's events, and fills
 * the prerequisite « charte signée » of the aidant's pending habilitation requests (journaled), as
 * training's certifications fill « formation suivie ». A new version asks everyone to sign again.
 */
@Injectable()
export class CharterEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly journal: JournalService,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      durable: LABELLING_CONSUMER,
      stream: STREAMS.labelling.name,
      filterSubject: 'pin.labelling.charter.>',
      handlers: [
        { event: CharterSignedV1, handle: (e, m) => recordCharterSignature(e, m, this.journal) },
        { event: CharterPublishedV1, handle: (e, m) => recordCharterPublication(e, m, this.journal) },
      ],
    });
  }
}

/** The latest version known here (0: none yet); a signature of an older one no longer counts. */
const CURRENT_VERSION = `COALESCE((SELECT max(version) FROM charter_version), 0)`;

export async function recordCharterSignature(event: CloudEvent<EventData<typeof CharterSignedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const s = event.data;
  await m.query(
    `INSERT INTO charter_signature (aidant_sub, version, signature_id, signed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (aidant_sub, version) DO NOTHING`,
    [s.aidantSub, s.version, s.signatureId, event.time],
  );
  // The version to sign again is signed: the flag goes (granted habilitations stay as they were).
  await m.query(`UPDATE habilitation SET charte_a_signer_version = NULL WHERE aidant_sub = $1 AND charte_a_signer_version <= $2`, [s.aidantSub, s.version]);
  // UPDATE … RETURNING answers [rows, count]. A late signature of a superseded version fills nothing.
  const [updated] = (await m.query(
    `UPDATE habilitation SET charte_signee_le = $2
      WHERE aidant_sub = $1 AND statut = 'demandee' AND charte_signee_le IS NULL AND $3::int >= ${CURRENT_VERSION}
      RETURNING id, structure_id`,
    [s.aidantSub, event.time, s.version],
  )) as [Array<{ id: string; structure_id: string }>, number];
  await journal.append(
    m,
    updated.map((h) => JOURNAL_INPUTS['habilitation.charte_signee']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: s.aidantSub, version: s.version, signatureId: s.signatureId })),
  );
}

/**
 * A new version of the charter: everyone signs again. Pending requests whose aidant has not signed
 * it lose « charte signée » (the référent's box included: it vouched for an older text); granted
 * habilitations are NOT withdrawn — a person decides — but flagged with the version to sign, which
 * the aidant's signature clears. Journaled; idempotent (a redelivery finds nothing left to change).
 */
export async function recordCharterPublication(event: CloudEvent<EventData<typeof CharterPublishedV1>>, m: EntityManager, journal: JournalService): Promise<void> {
  const { version } = event.data;
  await m.query(`INSERT INTO charter_version (version, published_at) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING`, [version, event.time]);
  const [rows] = (await m.query(
    `UPDATE habilitation h SET charte_a_signer_version = $1,
            charte_signee_le = CASE WHEN h.statut = 'demandee' THEN NULL ELSE h.charte_signee_le END
      WHERE h.statut IN ('demandee', 'accordee') AND (h.charte_a_signer_version IS NULL OR h.charte_a_signer_version < $1)
        AND NOT (h.statut = 'demandee' AND h.charte_signee_le IS NULL AND h.charte_a_signer_version IS NULL)
        AND NOT EXISTS (SELECT 1 FROM charter_signature cs WHERE cs.aidant_sub = h.aidant_sub AND cs.version >= $1)
      RETURNING h.id, h.structure_id, h.aidant_sub, h.statut`,
    [version],
  )) as [Array<{ id: string; structure_id: string; aidant_sub: string | null; statut: string }>, number];
  await journal.append(
    m,
    rows.map((h) =>
      JOURNAL_INPUTS['habilitation.charte_a_resigner']({ habilitationId: h.id, structureId: h.structure_id, aidantSub: h.aidant_sub, version, statut: h.statut, charteRetiree: h.statut === 'demandee' }),
    ),
  );
}
