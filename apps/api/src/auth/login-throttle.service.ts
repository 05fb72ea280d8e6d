import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { queryRows } from '../common/database/sql';
import { DomainException } from '../common/errors/domain.exception';
import { JobScheduler } from '../scheduler/job-scheduler.service';

/**
 * Brute-force protection for sign-in, kept in PostgreSQL so it holds across API instances:
 * too many recent failures for one email, or from one address, refuse further attempts
 * for the rest of the window.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'auth.purge-login-failures',
      cron: '25 3 * * *',
      description: 'Deletes sign-in failure records older than the throttling window',
      run: async () => ({ deleted: await this.purgeOld() }),
    });
  }

  async purgeOld(): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `DELETE FROM login_failures WHERE created_at < now() - make_interval(secs => $1) RETURNING id`,
      [this.config.auth.loginFailureWindowSeconds],
    );
    return rows.length;
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const { loginFailureWindowSeconds: window, loginMaxFailuresPerEmail, loginMaxFailuresPerIp } = this.config.auth;
    const [row] = await queryRows<{ by_email: string; by_ip: string; oldest: Date | null }>(
      this.dataSource.manager,
      `SELECT count(*) FILTER (WHERE email = $1) AS by_email,
              count(*) FILTER (WHERE ip = $2) AS by_ip,
              min(created_at) AS oldest
         FROM login_failures
        WHERE (email = $1 OR ip = $2) AND created_at > now() - make_interval(secs => $3)`,
      [email.toLowerCase(), ip, window],
    );
    if (Number(row.by_email) >= loginMaxFailuresPerEmail || Number(row.by_ip) >= loginMaxFailuresPerIp) {
      const retryAfter = row.oldest ? Math.max(1, Math.ceil((row.oldest.getTime() + window * 1000 - Date.now()) / 1000)) : window;
      throw new DomainException(
        'TOO_MANY_LOGIN_ATTEMPTS',
        `Too many failed sign-in attempts; try again in ${retryAfter} seconds`,
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await queryRows(this.dataSource.manager, `INSERT INTO login_failures (email, ip) VALUES ($1, $2)`, [email.toLowerCase(), ip]);
  }

  async clear(email: string): Promise<void> {
    await queryRows(this.dataSource.manager, `DELETE FROM login_failures WHERE email = $1`, [email.toLowerCase()]);
  }
}
