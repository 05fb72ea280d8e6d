/**
 * Deepest nesting a JSON request body may have. No DTO nests beyond a handful of levels; validation
 * (class-transformer) walks bodies recursively, so a body of a few thousand `[` would exhaust the
 * stack and end as a 500 instead of a 400.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether the raw JSON text nests arrays/objects deeper than `max`. One pass over the bytes,
 * brackets inside strings ignored (UTF-8 continuation bytes never equal an ASCII bracket or quote).
 */
export function jsonNestsDeeperThan(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
