import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DbNotifications } from '../common/database/db-notifications.service';
import { queryRows, toSafeInt } from '../common/database/sql';
import type { ProviderErrorKind } from '../provider-quota/providers/provider.types';

const UPSTREAM_ERROR_WINDOW_MINUTES = 5;
/** Reported even at zero so a dashboard or an alert sees the series before the first failure. */
const UPSTREAM_ERROR_KINDS = [
  'insufficient_balance',
  'invalid_key',
  'rate_limited',
  'upstream_unavailable',
  'content_rejected',
  'timeout',
  'bad_request',
] as const satisfies readonly ProviderErrorKind[];

/**
 * One Prometheus registry per application (tests run several apps in one process). Modules add
 * their own metrics through `registry`; business totals are read from the database at scrape time
 * so every instance reports the same truth.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    notifications: DbNotifications,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'reelmeter_process_' });
    new Gauge({
      name: 'reelmeter_db_notifications_live',
      help: '1 while this instance hears row-change notifications; at 0 its caches are bypassed (every request reads the database)',
      registers: [this.registry],
      collect() {
        this.set(notifications.live ? 1 : 0);
      },
    });
    this.httpDuration = new Histogram({
      name: 'reelmeter_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const ds = this.dataSource;
    new Gauge({
      name: 'reelmeter_credits_consumed_total',
      help: 'Credits consumed by all users since the start (from credit accounts)',
      registers: [this.registry],
      async collect() {
        const [row] = await queryRows<{ used: string | null }>(
          ds.manager,
          `SELECT coalesce(sum(total_used), 0) AS used FROM credit_accounts`,
        );
        this.set(toSafeInt(row.used ?? 0));
      },
    });
    new Gauge({
      name: 'reelmeter_users_total',
      help: 'Registered users',
      registers: [this.registry],
      async collect() {
        const [row] = await queryRows<{ n: string }>(ds.manager, `SELECT count(*) AS n FROM users`);
        this.set(toSafeInt(row.n));
      },
    });
    new Gauge({
      name: 'reelmeter_upstream_errors_recent',
      help: `Failed upstream calls by error kind over the last ${UPSTREAM_ERROR_WINDOW_MINUTES} minutes (all instances, from usage records)`,
      labelNames: ['kind'],
      registers: [this.registry],
      async collect() {
        const rows = await queryRows<{ kind: string | null; n: string }>(
          ds.manager,
          `SELECT error_kind AS kind, count(*) AS n FROM upstream_usage_records
            WHERE outcome = 'failure' AND created_at > now() - make_interval(mins => $1)
            GROUP BY error_kind`,
          [UPSTREAM_ERROR_WINDOW_MINUTES],
        );
        this.reset();
        for (const kind of UPSTREAM_ERROR_KINDS) this.set({ kind }, 0);
        for (const r of rows) this.set({ kind: r.kind ?? 'unknown' }, toSafeInt(r.n));
      },
    });
    new Gauge({
      name: 'reelmeter_upstream_balance_fen',
      help: 'Last known balance of each upstream account in fen (source: reported by the provider, or estimated from costs)',
      labelNames: ['account', 'provider', 'status', 'source'],
      registers: [this.registry],
      async collect() {
        const rows = await queryRows<{ name: string; provider: string; status: string; source: string; balance: string }>(
          ds.manager,
          `SELECT name, provider, status, balance_source AS source, balance_fen AS balance FROM upstream_accounts
            WHERE deleted_at IS NULL AND balance_fen IS NOT NULL`,
        );
        this.reset();
        for (const r of rows)
          this.set({ account: r.name, provider: r.provider, status: r.status, source: r.source }, toSafeInt(r.balance));
      },
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
