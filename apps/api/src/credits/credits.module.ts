import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { PricingModule } from '../video-generation/pricing/pricing.module';
import { CreditsAdminController } from './credits-admin.controller';
import { CreditsController } from './credits.controller';
import { CreditsJobs } from './credits.jobs';
import { CreditsRepository } from './credits.repository';
import { CreditsService } from './credits.service';
import { LedgerVerifierService } from './ledger-verifier.service';

@Module({
  imports: [ApiKeysModule, PricingModule],
  controllers: [CreditsController, CreditsAdminController],
  providers: [CreditsService, CreditsJobs, CreditsRepository, LedgerVerifierService],
  exports: [CreditsService, LedgerVerifierService],
})
export class CreditsModule {}
