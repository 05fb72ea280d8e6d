/**
 * Fault suites run in two sizes: the fast variant in `npm test`, the full size under `npm run test:soak`
 * (FAULT_SOAK=1, set by `run-fault.cjs`). FAULT_SEED reproduces a randomized run.
 */
export const SOAK = process.env.FAULT_SOAK === '1';

export const size = (fast: number, soak: number): number => (SOAK ? soak : fast);

export const SEED = Number(process.env.FAULT_SEED ?? 20261123) >>> 0;

/** mulberry32: small, seedable, good enough to pick test inputs reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Runs `tasks` with at most `limit` in flight; results in input order. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export { until } from '../until';
