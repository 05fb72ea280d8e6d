import { Module } from '@nestjs/common';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { EmailSender } from './channels/email.sender';
import { WebhookSender } from './channels/webhook.sender';

@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertDispatcher, EmailSender, WebhookSender],
  exports: [AlertsService],
})
export class AlertsModule {}
