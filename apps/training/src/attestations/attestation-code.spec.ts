import { newAttestationCode, normalizeCode } from './attestation-code';

describe('attestation codes', () => {
  it('have the printed shape and differ', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newAttestationCode()));
    expect(codes.size).toBe(500);
    for (const c of codes) expect(c).toMatch(/^F-[A-HJKMNP-TV-Z2-9]{5}-[A-HJKMNP-TV-Z2-9]{5}$/);
  });

  it('are read back whatever the case', () => {
    expect(normalizeCode(' f-abcde-fghjk ')).toBe('F-ABCDE-FGHJK');
  });
});
