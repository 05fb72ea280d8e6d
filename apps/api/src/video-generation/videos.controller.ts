import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { AllowApiKey, CurrentPrincipal } from '../common/decorators/auth.decorators';
import { decodeTimeCursor } from '../common/pagination/pagination';
import { CreateVideoDto, PriceTableDto, VideoJobDto, VideoJobPageDto, VideoListQueryDto } from './dto/video.dto';
import { PricingService } from './pricing/pricing.service';
import { VideoJobsService } from './video-jobs.service';
import { VideoPipelineService } from './video-pipeline.service';
import { VideoStreamService } from './video-stream.service';
import { toJobPage, toVideoJobDto } from './video.mapper';

@ApiTags('videos')
@ApiBearerAuth()
@Controller()
export class VideosController {
  constructor(
    private readonly jobs: VideoJobsService,
    private readonly pricing: PricingService,
    private readonly pipeline: VideoPipelineService,
    private readonly stream: VideoStreamService,
  ) {}

  @Get('pricing')
  @AllowApiKey()
  @ApiOkResponse({ type: PriceTableDto, description: 'What each video (model × duration) and paid action costs, in credits' })
  async prices(): Promise<PriceTableDto> {
    return this.pricing.table();
  }

  @Post('videos')
  @AllowApiKey()
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key create and charge one job' })
  @ApiAcceptedResponse({ type: VideoJobDto, description: 'Charged and queued' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateVideoDto): Promise<VideoJobDto> {
    const job = await this.jobs.submit(principal, dto);
    this.pipeline.notifySubmitted();
    return toVideoJobDto(job);
  }

  @Get('videos')
  @AllowApiKey()
  @ApiOkResponse({ type: VideoJobPageDto, description: 'My jobs, newest first' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: VideoListQueryDto): Promise<VideoJobPageDto> {
    const limit = query.limit ?? 20;
    const rows = await this.jobs.list({
      userId: principal.userId,
      status: query.status,
      before: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    return toJobPage(rows, limit, toVideoJobDto);
  }

  @Get('videos/:id')
  @AllowApiKey()
  @ApiOkResponse({ type: VideoJobDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<VideoJobDto> {
    return toVideoJobDto(await this.jobs.get(id, principal.userId));
  }

  @Get('videos/:id/events')
  @AllowApiKey()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `event: <status>` with the job (as GET /videos/:id) as data, on every change of status or progress; the stream ends after the terminal status',
  })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.stream.stream(id, principal.userId, req, res);
  }

  @Post('videos/:id/cancel')
  @AllowApiKey()
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: VideoJobDto, description: 'Canceled and refunded (only while queued)' })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<VideoJobDto> {
    return toVideoJobDto(await this.jobs.cancel(id, principal.userId));
  }
}
