import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';

/**
 * One Prometheus registry per application (tests run several apps in one process). Modules add
 * their own metrics through `registry`; business totals are read from the database at scrape time
 * so every instance reports the same truth.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'reelmeter_process_' });
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
