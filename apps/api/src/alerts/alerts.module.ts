import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { ProviderQuotaModule } from '../provider-quota/provider-quota.module';
import { AlertSources } from './alert-sources.service';
import { QuotaUsageCheck } from './quota-usage-check';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { EmailSender } from './channels/email.sender';
import { WebhookSender } from './channels/webhook.sender';

@Module({
  imports: [PaymentsModule, ProviderQuotaModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertSources, QuotaUsageCheck, AlertsRepository, AlertDispatcher, EmailSender, WebhookSender],
  exports: [AlertsService],
})
export class AlertsModule {}
