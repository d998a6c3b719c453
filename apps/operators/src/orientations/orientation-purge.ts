import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OPERATORS_CONFIG, type OperatorsConfig } from '../config/operators-config';

/**
 * Erases the personal data of closed orientations: ORIENTATION_PURGE_AFTER_DAYS after the lieu
 * said what became of the person (or the person cancelled), the operator's file reference, what the
 * person agreed to share and their tracking code are removed (the only links to a person PIN holds); the orientation stays, anonymous, for counts. One idempotent statement;
 * the operators' job scheduler runs it every ORIENTATION_PURGE_EVERY_MS (`OperatorsScheduleWorker`).
 */
@Injectable()
export class OrientationPurge {
  private readonly logger = new Logger('OrientationPurge');

  constructor(
    private readonly ds: DataSource,
    @Inject(OPERATORS_CONFIG) private readonly config: OperatorsConfig,
  ) {}

  /** Purges what is due now; returns how many orientations were purged. */
  async run(): Promise<number> {
    const [, count]: [unknown, number] = await this.ds.query(
      `UPDATE orientation SET reference = NULL, besoin = NULL, person_code_hash = NULL, purged_at = now()
       WHERE purged_at IS NULL AND status NOT IN ('envoyee', 'acceptee', 'planifiee') AND updated_at < now() - $1 * interval '1 day'`,
      [this.config.ORIENTATION_PURGE_AFTER_DAYS],
    );
    if (count > 0) this.logger.log(`${count} closed orientation(s) purged of personal data`);
    return count;
  }
}
