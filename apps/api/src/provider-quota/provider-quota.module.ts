import { Module } from '@nestjs/common';
import { ProviderAccountsController } from './provider-accounts.controller';
import { QuotaController } from './quota.controller';
import { SecretBox } from './secret-box';
import { SimulatedUpstreamService } from './simulated-upstream.service';
import { UpstreamAccountsService } from './upstream-accounts.service';
import { UpstreamBalanceService } from './upstream-balance.service';
import { UpstreamEventsService } from './upstream-events.service';
import { UPSTREAM_ROUTER } from './upstream-router.contract';
import { UpstreamRouterService } from './upstream-router.service';
import { UserQuotaService } from './user-quota.service';

/**
 * Upstream accounts, adapters, routing and quota. Other modules use: `UPSTREAM_ROUTER`
 * (UpstreamRouterContract: submit / poll / recordCompletion / release), `UserQuotaService`
 * (addQuota from payments), `UpstreamBalanceService.checkBalances()` (the scheduler) and
 * `UpstreamEventsService.events$` (alerts).
 */
@Module({
  controllers: [ProviderAccountsController, QuotaController],
  providers: [
    UserQuotaService,
    SecretBox,
    SimulatedUpstreamService,
    UpstreamEventsService,
    UpstreamAccountsService,
    UpstreamBalanceService,
    UpstreamRouterService,
    { provide: UPSTREAM_ROUTER, useExisting: UpstreamRouterService },
  ],
  exports: [
    UserQuotaService,
    UPSTREAM_ROUTER,
    UpstreamRouterService,
    UpstreamBalanceService,
    UpstreamEventsService,
    UpstreamAccountsService,
  ],
})
export class ProviderQuotaModule {}
