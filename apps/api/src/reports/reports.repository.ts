import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DailyFigures, ReportRange, withDefaults } from './report.types';

/** Local midnight of a date in a time zone, as timestamptz (done by PostgreSQL's tz database). */
export const DAY_BOUNDS_SQL = `(($1::date)::timestamp AT TIME ZONE $2) AS from_ts, (($1::date + 1)::timestamp AT TIME ZONE $2) AS to_ts`;

/** SQL behind the reports: every query reads one day's indexed range. */
@Injectable()
export class ReportsRepository {
  async range(em: EntityManager, date: string, timeZone: string): Promise<ReportRange> {
    const [row] = await queryRows<{ from_ts: Date; to_ts: Date }>(em, `SELECT ${DAY_BOUNDS_SQL}`, [date, timeZone]);
    return { date, timeZone, from: row.from_ts, to: row.to_ts };
  }

  async money(em: EntityManager, range: ReportRange) {
    const [paid] = await queryRows<{ revenue: string; orders: string }>(
      em,
      `SELECT coalesce(sum(amount_fen), 0) AS revenue, count(*) AS orders FROM payment_orders
        WHERE paid_at >= $1 AND paid_at < $2`,
      [range.from, range.to],
    );
    const [refunded] = await queryRows<{ refunds: string; orders: string }>(
      em,
      `SELECT coalesce(sum(amount_fen), 0) AS refunds, count(*) AS orders FROM payment_orders
        WHERE refunded_at >= $1 AND refunded_at < $2`,
      [range.from, range.to],
    );
    return {
      revenueFen: toSafeInt(paid.revenue),
      ordersPaid: toSafeInt(paid.orders),
      refundsFen: toSafeInt(refunded.refunds),
      ordersRefunded: toSafeInt(refunded.orders),
    };
  }

  async credits(em: EntityManager, range: ReportRange): Promise<DailyFigures['credits']> {
    const rows = await queryRows<{ kind: string; plus: string; minus: string }>(
      em,
      `SELECT kind, coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS plus, coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS minus
         FROM credit_ledger_entries WHERE created_at >= $1 AND created_at < $2 GROUP BY kind`,
      [range.from, range.to],
    );
    const by = new Map(rows.map((r) => [r.kind, { plus: toSafeInt(r.plus), minus: toSafeInt(r.minus) }]));
    const plus = (k: string) => by.get(k)?.plus ?? 0;
    const minus = (k: string) => by.get(k)?.minus ?? 0;
    return {
      sold: plus('purchase'),
      purchaseBonus: plus('purchase_bonus'),
      signupBonus: plus('signup_bonus'),
      adminGranted: plus('admin_adjust'),
      adminDeducted: minus('admin_adjust'),
      consumed: minus('consume'),
      refunded: plus('refund'),
      expired: minus('expire'),
      clawedBack: minus('order_refund'),
      redeemed: plus('redeem'),
    };
  }

  async topUsers(em: EntityManager, range: ReportRange, limit: number): Promise<DailyFigures['topUsers']> {
    const rows = await queryRows<{ user_id: string; email: string; consumed: string }>(
      em,
      // Aggregate the day (index-only), keep the top N, and only then look up their e-mails.
      `SELECT t.user_id, u.email, t.consumed FROM (
         SELECT user_id, -sum(amount) AS consumed FROM credit_ledger_entries
          WHERE created_at >= $1 AND created_at < $2 AND kind = 'consume'
          GROUP BY user_id ORDER BY consumed DESC, user_id LIMIT $3) t
         JOIN users u ON u.id = t.user_id ORDER BY t.consumed DESC, t.user_id`,
      [range.from, range.to, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.email, creditsConsumed: toSafeInt(r.consumed) }));
  }

  /** Stores the day; a re-run replaces it and counts the generation. */
  async save(em: EntityManager, figures: DailyFigures): Promise<{ generation: number; generatedAt: Date }> {
    const [row] = await queryRows<{ generation: number; generated_at: Date }>(
      em,
      `INSERT INTO daily_reports (report_date, time_zone, figures) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (report_date) DO UPDATE SET figures = EXCLUDED.figures, time_zone = EXCLUDED.time_zone,
              generated_at = now(), generation = daily_reports.generation + 1
       RETURNING generation, generated_at`,
      [figures.date, figures.timeZone, JSON.stringify(figures)],
    );
    return { generation: row.generation, generatedAt: row.generated_at };
  }

  async find(em: EntityManager, date: string) {
    const [row] = await queryRows<{ figures: DailyFigures; generated_at: Date; generation: number }>(
      em,
      `SELECT figures, generated_at, generation FROM daily_reports WHERE report_date = $1`,
      [date],
    );
    return row ? { figures: withDefaults(row.figures), generatedAt: row.generated_at, generation: row.generation } : undefined;
  }

  async list(em: EntityManager, from: string, to: string) {
    const rows = await queryRows<{ figures: DailyFigures; generated_at: Date; generation: number }>(
      em,
      `SELECT figures, generated_at, generation FROM daily_reports WHERE report_date BETWEEN $1 AND $2 ORDER BY report_date`,
      [from, to],
    );
    return rows.map((r) => ({ figures: withDefaults(r.figures), generatedAt: r.generated_at, generation: r.generation }));
  }

  /** All-time top users by credits used (indexed on credit_accounts.total_used). */
  async topUsersAllTime(em: EntityManager, limit: number) {
    const rows = await queryRows<{ user_id: string; email: string; total_used: string; available: string }>(
      em,
      `SELECT a.user_id, u.email, a.total_used, a.available FROM credit_accounts a JOIN users u ON u.id = a.user_id
        WHERE a.total_used > 0 ORDER BY a.total_used DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      email: r.email,
      creditsUsed: toSafeInt(r.total_used),
      available: toSafeInt(r.available),
    }));
  }

  /** Today's date in the time zone, and the first day of its month. */
  async today(em: EntityManager, timeZone: string): Promise<{ today: string; monthStart: string }> {
    const [row] = await queryRows<{ today: string; month_start: string }>(
      em,
      `SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS today,
              to_char(date_trunc('month', now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS month_start`,
      [timeZone],
    );
    return { today: row.today, monthStart: row.month_start };
  }
}
