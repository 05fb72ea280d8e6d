import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { DashboardService } from './dashboard.service';
import { RedeemFigures } from './redeem-figures';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { UpstreamFigures } from './upstream-figures';
import { VideoFigures } from './video-figures';

@Module({
  imports: [AlertsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, DashboardService, UpstreamFigures, VideoFigures, RedeemFigures],
  exports: [ReportsService, DashboardService],
})
export class ReportsModule {}
