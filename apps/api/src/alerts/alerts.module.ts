import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { AlertSources } from './alert-sources.service';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { EmailSender } from './channels/email.sender';
import { WebhookSender } from './channels/webhook.sender';

@Module({
  imports: [PaymentsModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertSources, AlertsRepository, AlertDispatcher, EmailSender, WebhookSender],
  exports: [AlertsService],
})
export class AlertsModule {}
