import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthStateService } from './health-state.service';

@Global()
@Module({ controllers: [HealthController], providers: [HealthStateService], exports: [HealthStateService] })
export class HealthModule {}
