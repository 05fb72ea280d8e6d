import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { EmailChannelConfig, WebhookChannelConfig } from './alert.types';
import { AlertsRepository, ChannelRow } from './alerts.repository';
import { EmailSender } from './channels/email.sender';
import { WebhookSender } from './channels/webhook.sender';

const BATCH = 20;

/**
 * Sends pending deliveries. Kicked right after an alert event, and every minute by the scheduler
 * for retries. Rows are claimed with SKIP LOCKED so several instances never send one twice; a
 * failure is retried after ALERT_RETRY_BACKOFF_SECONDS[attempt], then marked failed.
 */
@Injectable()
export class AlertDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertDispatcher');
  private running?: Promise<void>;
  private again = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AlertsRepository,
    private readonly email: EmailSender,
    private readonly webhook: WebhookSender,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'alerts.dispatch',
      cron: '* * * * *',
      description: 'Sends alert notifications that are due (first tries and retries)',
      run: async () => ({ sent: await this.dispatchDue() }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }

  /** Starts sending in the background; coalesces kicks that arrive while a pass is running. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.dispatchDue().catch((error: unknown) => this.logger.error({ err: error }, 'alert dispatch failed'));
      } while (this.again);
    })().finally(() => (this.running = undefined));
  }

  /** Sends everything due now; returns how many deliveries were sent. */
  async dispatchDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (em) => {
        const due = await this.repository.claimDue(em, BATCH);
        const results = await Promise.all(
          due.map(async (delivery) => {
            const channel = await this.repository.channel(delivery.channelId);
            try {
              if (!channel) throw new Error('channel was deleted');
              await this.send(channel, delivery.payload);
              await this.repository.markDelivery(em, delivery.id, { sent: true });
              return true;
            } catch (error) {
              const backoff = this.config.alerts.retryBackoffSeconds[delivery.attempts];
              const message = error instanceof Error ? error.message : String(error);
              await this.repository.markDelivery(em, delivery.id, { sent: false, error: message, retryInSeconds: backoff });
              this.logger.warn(
                { deliveryId: delivery.id, channelId: delivery.channelId, error: message },
                'alert delivery failed',
              );
              return false;
            }
          }),
        );
        return { claimed: due.length, sent: results.filter(Boolean).length };
      });
      sent += batch.sent;
      if (batch.claimed < BATCH) return sent;
    }
  }

  /** Sends straight away without a delivery row (the channel "test" button); throws on failure. */
  async sendNow(channel: ChannelRow, notice: Parameters<EmailSender['send']>[2]): Promise<void> {
    await this.send(channel, notice);
  }

  private async send(channel: ChannelRow, notice: Parameters<EmailSender['send']>[2]): Promise<void> {
    if (channel.type === 'email') await this.email.send(channel.config as unknown as EmailChannelConfig, channel.locale, notice);
    else await this.webhook.send(channel.config as unknown as WebhookChannelConfig, channel.locale, notice);
  }
}
