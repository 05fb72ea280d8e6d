import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AlertsModule } from './alerts/alerts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { DbNotificationsModule } from './common/database/db-notifications.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { CreditsModule } from './credits/credits.module';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PaymentsModule } from './payments/payments.module';
import { ProviderQuotaModule } from './provider-quota/provider-quota.module';
import { RedeemModule } from './redeem/redeem.module';
import { ReportsModule } from './reports/reports.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SettingsModule } from './settings/settings.module';
import { UsersModule } from './users/users.module';
import { VideoGenerationModule } from './video-generation/video-generation.module';

/** Paths whose values never reach a log line. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.refreshToken',
  '*.accessToken',
  '*.apiKey',
  '*.secret',
];

@Global()
@Module({})
class ConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

@Module({})
export class AppModule {
  /** The database URL is resolved before the module is built (embedded server or DATABASE_URL). */
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage, res) => {
              const incoming = req.headers['x-request-id'];
              const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => req.url?.startsWith('/api/health') === true },
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
            },
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.database.poolSize)),
        DbNotificationsModule,
        SettingsModule,
        SchedulerModule,
        MetricsModule,
        IdempotencyModule,
        HealthModule,
        CreditsModule,
        UsersModule,
        AuthModule,
        ProviderQuotaModule,
        AlertsModule,
        ReportsModule,
        ApiKeysModule,
        PaymentsModule,
        VideoGenerationModule,
        RedeemModule,
      ],
    };
  }
}
