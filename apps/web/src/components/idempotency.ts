/** A fresh Idempotency-Key: one per intended action, reused for its retries and double clicks. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
