import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CreditsModule } from '../credits/credits.module';
import { ProviderQuotaModule } from '../provider-quota/provider-quota.module';
import { SettingsModule } from '../settings/settings.module';
import { AlipayGateway } from './gateways/alipay.gateway';
import { SandboxGateway } from './gateways/sandbox.gateway';
import { WechatGateway } from './gateways/wechat.gateway';
import { PackagesService } from './packages.service';
import { PaymentEvents } from './payment-events';
import { PaymentsAdminController } from './payments-admin.controller';
import { PaymentsNotifyController } from './payments-notify.controller';
import { PaymentsController } from './payments.controller';
import { PaymentsJobs } from './payments.jobs';
import { PaymentsService } from './payments.service';
import { VipService } from './vip.service';

@Module({
  imports: [CreditsModule, ProviderQuotaModule, SettingsModule, ApiKeysModule],
  controllers: [PaymentsController, PaymentsNotifyController, PaymentsAdminController],
  providers: [
    PaymentsService,
    PaymentsJobs,
    PackagesService,
    VipService,
    PaymentEvents,
    SandboxGateway,
    AlipayGateway,
    WechatGateway,
  ],
  exports: [PaymentsService, PackagesService, VipService, PaymentEvents],
})
export class PaymentsModule {}
