import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { describeHorairesDetail, type HorairesDescription } from './describe';
import { HorairesCache, type LieuHoraires } from './horaires';
import { validateHoraires, type HorairesValidation } from './validate';

/**
 * Opening hours for the rest of the directory (lieu detail, LieuWriter, search): one shared cache
 * of parsed values and precomputed open intervals, rolled forward every hour.
 */
@Injectable()
export class OpeningHoursService implements OnModuleDestroy {
  readonly cache = new HorairesCache();
  private readonly timer = setInterval(() => this.cache.roll(), 3_600_000).unref();

  /** "Ouvert maintenant" (or at `instant`): true, false, or null when unknown / unreadable. */
  isOpenAt(lieu: LieuHoraires, instant: number | Date = Date.now()): boolean | null {
    return this.cache.isOpenAt(lieu, instant);
  }

  /** When a closed lieu opens next (epoch ms), within about five weeks; null otherwise. */
  nextOpening(lieu: LieuHoraires, instant: number = Date.now()): number | null {
    return this.cache.nextOpeningAfter(lieu, instant);
  }

  /** Plain-French lines for the lieu page. */
  describe(lieu: LieuHoraires): HorairesDescription {
    return lieu.horaires ? describeHorairesDetail(lieu.horaires, lieu, Date.now(), (t, p) => this.cache.parse(t, p)) : { valid: false, lines: [] };
  }

  validate(text: string, place: Omit<LieuHoraires, 'horaires'> = {}): HorairesValidation {
    return validateHoraires(text, place);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
