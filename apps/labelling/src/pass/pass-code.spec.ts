import { parisMonthBounds, PassCodes, toleranceEnd } from './pass-code';

describe('Pass Numérique codes (HMAC-signed)', () => {
  const codes = new PassCodes('test-key-0123456789');

  it('round-trips: a printed code gives back its number, in any case and with spaces around', () => {
    const code = codes.code(1001);
    expect(code).toMatch(/^PN-1001-[0-9A-F]{10}$/);
    expect(codes.verify(code)).toBe(1001);
    expect(codes.verify(` ${code.toLowerCase()} `)).toBe(1001);
  });

  it('detects forged and mistyped codes', () => {
    const code = codes.code(1001);
    expect(codes.verify(code.replace('PN-1001-', 'PN-1002-'))).toBeNull();
    const last = code.at(-1) === '0' ? '1' : '0';
    expect(codes.verify(code.slice(0, -1) + last)).toBeNull();
    expect(codes.verify(new PassCodes('another-key-987654321').code(1001))).toBeNull();
    expect(codes.verify('PN-1001')).toBeNull();
  });

  it('pseudonymises beneficiaries per prescriber', () => {
    expect(codes.pseudonym('p1', 'ML-2026-042')).toBe(codes.pseudonym('p1', ' ml-2026-042 '));
    expect(codes.pseudonym('p1', 'ML-2026-042')).not.toBe(codes.pseudonym('p2', 'ML-2026-042'));
    expect(codes.pseudonym('p1', 'ML-2026-042')).not.toContain('042');
  });
});

describe('validity', () => {
  it('tolerates scans until the end of the following month (31/12 → 31/01)', () => {
    expect(toleranceEnd('2026-12-31')).toBe('2027-01-31');
    expect(toleranceEnd('2026-01-31')).toBe('2026-02-28');
    expect(toleranceEnd('2028-01-15')).toBe('2028-02-29');
  });

  it('gives month bounds in Paris time', () => {
    expect(parisMonthBounds('2026-12')).toEqual({ from: '2026-12-01 00:00 Europe/Paris', to: '2027-01-01 00:00 Europe/Paris' });
  });
});
