import { ValueTransformer } from 'typeorm';

/** bigint columns come back from `pg` as strings; credits and fen are read as safe integers. */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null): number | null => {
    if (value === null || value === undefined) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is outside the safe integer range`);
    return n;
  },
};
