import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'rm_live_';
/** Characters of the random part kept visible (with the `rm_live_` prefix) to recognise a key. */
const VISIBLE_CHARS = 6;
const SECRET_PATTERN = /^rm_live_[A-Za-z0-9_-]{43}$/;

/** Tells an API key from a JWT in an Authorization header. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('rm_');
}

export function isWellFormedApiKey(token: string): boolean {
  return SECRET_PATTERN.test(token);
}

/** A new secret (256 random bits), its visible prefix and the hash that is all we store. */
export function newApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, API_KEY_PREFIX.length + VISIBLE_CHARS), hash: hashApiKey(secret) };
}

/** SHA-256 is enough for 256-bit random secrets (no dictionary to attack); lookups stay one index probe. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
