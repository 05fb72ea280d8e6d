import { CODE_ALPHABET, checkCharacter, hashRedeemCode, newRedeemCode, normalizeRedeemCode } from './redeem-code';

describe('redemption code format', () => {
  it('generates XXXX-XXXX-XXXX-C codes without 0, O, 1 or I that validate', () => {
    for (let i = 0; i < 200; i++) {
      const code = newRedeemCode();
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]$/);
      expect(code).not.toMatch(/[01OI]/);
      expect(normalizeRedeemCode(code)).toBe(code.replace(/-/g, ''));
    }
    expect(CODE_ALPHABET).toHaveLength(32);
  });

  it('accepts lower case, spaces and missing dashes', () => {
    const code = newRedeemCode();
    expect(normalizeRedeemCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
  });

  it('rejects every single-character typo and every swap of two different neighbours', () => {
    const code = newRedeemCode().replace(/-/g, '');
    for (let i = 0; i < code.length; i++) {
      for (const ch of CODE_ALPHABET) {
        if (ch === code[i]) continue;
        expect(normalizeRedeemCode(code.slice(0, i) + ch + code.slice(i + 1))).toBeNull();
      }
    }
    let swaps = 0;
    for (let i = 0; i + 1 < code.length - 1; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      // Luhn mod N misses only the swap of a specific pair; count, but almost all are caught.
      if (normalizeRedeemCode(swapped) === null) swaps++;
    }
    expect(swaps).toBeGreaterThan(0);
  });

  it('rejects wrong lengths and look-alike characters', () => {
    const body = 'ABCDEFGHJKLM';
    const good = body + checkCharacter(body);
    expect(normalizeRedeemCode(good)).toBe(good);
    expect(normalizeRedeemCode(good.slice(1))).toBeNull();
    expect(normalizeRedeemCode(`${good}A`)).toBeNull();
    expect(normalizeRedeemCode(`0${good.slice(1)}`)).toBeNull();
    expect(normalizeRedeemCode(`O${good.slice(1)}`)).toBeNull();
    expect(normalizeRedeemCode('')).toBeNull();
  });

  it('hashes the canonical form with SHA-256', () => {
    expect(hashRedeemCode('ABCD')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRedeemCode('ABCD')).not.toBe(hashRedeemCode('ABCE'));
  });
});
