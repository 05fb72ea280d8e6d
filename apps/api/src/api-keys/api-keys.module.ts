import { Module } from '@nestjs/common';
import { ApiKeyMaintenanceService } from './api-key-maintenance.service';
import { ApiKeyRateLimiterService } from './api-key-rate-limiter.service';
import { ApiKeySlotsService } from './api-key-slots.service';
import { ApiKeyUsageService } from './api-key-usage.service';
import { ApiKeyPermissionsAdminController, ApiKeysAdminController } from './api-keys-admin.controller';
import { ApiKeysController, KeyUsageController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

/**
 * Third-party API keys. Exports what other modules use: authentication and rate limiting (the auth
 * guard), quota charging (credits, video pipeline), concurrency slots (video pipeline), policy
 * (allowed models, upstream binding) and the scheduled clean-ups (scheduler).
 */
@Module({
  controllers: [ApiKeysController, KeyUsageController, ApiKeysAdminController, ApiKeyPermissionsAdminController],
  providers: [ApiKeysService, ApiKeyUsageService, ApiKeyRateLimiterService, ApiKeySlotsService, ApiKeyMaintenanceService],
  exports: [ApiKeysService, ApiKeyUsageService, ApiKeyRateLimiterService, ApiKeySlotsService, ApiKeyMaintenanceService],
})
export class ApiKeysModule {}
