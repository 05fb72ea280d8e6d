import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CreditsModule } from '../credits/credits.module';
import { RedeemAdminController, RedeemController } from './redeem.controller';
import { RedeemService } from './redeem.service';

/** Redemption codes and trial cards (SPEC S5): batches, exactly-once redemption, the one export. */
@Module({
  imports: [CreditsModule, ApiKeysModule, AlertsModule],
  controllers: [RedeemController, RedeemAdminController],
  providers: [RedeemService],
  exports: [RedeemService],
})
export class RedeemModule {}
