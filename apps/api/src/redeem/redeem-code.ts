import { createHash, randomInt } from 'node:crypto';

/**
 * Redemption code format: `XXXX-XXXX-XXXX-C`, 12 random characters (60 bits) from a 32-letter
 * alphabet without the look-alikes 0/O/1/I, plus a check character (Luhn mod 32 over the 12), so a
 * mistyped character or a swap of two neighbours is refused before any database lookup.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const N = CODE_ALPHABET.length;
const BODY_LENGTH = 12;

/** Luhn mod N check character over `body` (characters of the alphabet). */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * CODE_ALPHABET.indexOf(body[i]);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N];
}

/** A new random code in display form. */
export function newRedeemCode(): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += CODE_ALPHABET[randomInt(N)];
  return format(body + checkCharacter(body));
}

function format(normalized: string): string {
  return `${normalized.slice(0, 4)}-${normalized.slice(4, 8)}-${normalized.slice(8, 12)}-${normalized.slice(12)}`;
}

/**
 * The canonical form of what a user typed (case, spaces and dashes ignored), or null when it is not
 * a well-formed code with a matching check character. Pure: no database involved.
 */
export function normalizeRedeemCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== BODY_LENGTH + 1) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  const body = s.slice(0, BODY_LENGTH);
  return checkCharacter(body) === s[BODY_LENGTH] ? s : null;
}

/** What is stored: SHA-256 of the canonical form, hex. */
export function hashRedeemCode(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex');
}
