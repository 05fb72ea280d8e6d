import { EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

/**
 * Runs raw SQL and returns its rows whatever the command (TypeORM's `query` returns
 * `[rows, count]` for UPDATE/DELETE). Uses the manager's transaction when it has one.
 */
export async function queryRows<T = Row>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  if (em.queryRunner) return ((await em.queryRunner.query(sql, params, true)) as { records: T[] }).records;
  const runner = em.connection.createQueryRunner();
  try {
    return ((await runner.query(sql, params, true)) as { records: T[] }).records;
  } finally {
    await runner.release();
  }
}

/** Parses a bigint that arrived as a string from `pg`. */
export function toSafeInt(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${String(value)} is outside the safe integer range`);
  return n;
}

/** True for PostgreSQL's unique_violation, optionally on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
