import { Module } from '@nestjs/common';
import { UserQuotaService } from './user-quota.service';

@Module({ providers: [UserQuotaService], exports: [UserQuotaService] })
export class ProviderQuotaModule {}
