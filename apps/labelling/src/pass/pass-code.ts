import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Pass Numérique codes: `PN-<number>-<check>` where check is the first 10 hex digits (40 bits) of
 * HMAC-SHA256(key, "PN|<number>"). Chosen over a check digit: a Luhn-style digit only catches
 * typing mistakes, and anyone who knows the rule can forge valid numbers (no public #APTIC format
 * exists, so the ledger must be the one to say which numbers are real). Without the key, a forged
 * code passes with probability 2^-40, and a mistyped one is rejected the same way. The printed QR
 * code carries the same text, so manual entry and scan are checked identically.
 */
const CHECK_LENGTH = 10;

export class PassCodes {
  constructor(private readonly key: string) {}

  check(numero: number): string {
    return createHmac('sha256', this.key).update(`PN|${numero}`).digest('hex').slice(0, CHECK_LENGTH).toUpperCase();
  }

  code(numero: number): string {
    return `PN-${numero}-${this.check(numero)}`;
  }

  /** The pass number of a well-signed code, or null (forged or mistyped). */
  verify(code: string): number | null {
    const m = /^PN-(\d{1,10})-([0-9A-F]{10})$/.exec(code.trim().toUpperCase());
    if (!m) return null;
    const numero = Number(m[1]);
    const expected = Buffer.from(this.check(numero));
    const given = Buffer.from(m[2]);
    return expected.length === given.length && timingSafeEqual(expected, given) ? numero : null;
  }

  /** The beneficiary's reference as a keyed hash: the ledger is pseudonymous, the prescriber keeps the link. */
  pseudonym(prescripteurId: string, reference: string): string {
    return createHmac('sha256', this.key).update(`beneficiaire|${prescripteurId}|${reference.trim().toLowerCase()}`).digest('hex');
  }
}

/** Last day a pass may be scanned: the end of the month after its validity (valid to 31/12 → tolerated to 31/01). */
export function toleranceEnd(validUntil: string): string {
  const [y, m] = validUntil.split('-').map(Number);
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

/** First and last instant (exclusive) of a month in Paris time, as ISO strings for SQL. */
export function parisMonthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01 00:00 Europe/Paris`, to: `${next}-01 00:00 Europe/Paris` };
}
