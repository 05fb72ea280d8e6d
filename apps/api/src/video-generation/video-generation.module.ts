import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CreditsModule } from '../credits/credits.module';
import { MetricsService } from '../metrics/metrics.service';
import { ProviderQuotaModule } from '../provider-quota/provider-quota.module';
import { PricingModule } from './pricing/pricing.module';
import { SystemStatusService } from './system-status.service';
import { SystemController } from './system.controller';
import { VideoEvents } from './video-events';
import { VideoJobsService } from './video-jobs.service';
import { VideoPipelineService } from './video-pipeline.service';
import { VideoStreamService } from './video-stream.service';
import { VideosAdminController } from './videos-admin.controller';
import { VideosController } from './videos.controller';
import { VIDEO_JOB_STATUSES } from './dto/video.dto';

/**
 * Video generation (SPEC S8): price table, guarded and charged submit, the durable pipeline
 * (pg-boss submit queue + per-job polling), refunds, SSE progress, system status.
 */
@Module({
  imports: [CreditsModule, ApiKeysModule, ProviderQuotaModule, PricingModule],
  controllers: [VideosController, VideosAdminController, SystemController],
  providers: [VideoJobsService, VideoPipelineService, VideoStreamService, VideoEvents, SystemStatusService],
  exports: [VideoJobsService, SystemStatusService],
})
export class VideoGenerationModule implements OnModuleInit {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    private readonly jobs: VideoJobsService,
  ) {}

  onModuleInit(): void {
    const jobs = this.jobs;
    new Gauge({
      name: 'reelmeter_video_jobs',
      help: 'Video jobs by state (from the database)',
      labelNames: ['status'],
      registers: [this.metrics.registry],
      async collect() {
        const counts = await jobs.countsByStatus();
        for (const s of VIDEO_JOB_STATUSES) this.set({ status: s }, counts[s] ?? 0);
      },
    });
  }
}
