import { hashApiKey, isWellFormedApiKey, looksLikeApiKey, newApiKeySecret } from './api-key-secret';

describe('API key secrets', () => {
  it('are rm_live_ + 256 random bits, with a short visible prefix and a SHA-256 hash', () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a.secret).toMatch(/^rm_live_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.prefix).toBe(a.secret.slice(0, 14));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashApiKey(a.secret));
    expect(a.hash).not.toContain(a.secret.slice(8));
    expect(isWellFormedApiKey(a.secret)).toBe(true);
    expect(isWellFormedApiKey(`${a.secret}x`)).toBe(false);
    expect(looksLikeApiKey(a.secret)).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
  });
});
