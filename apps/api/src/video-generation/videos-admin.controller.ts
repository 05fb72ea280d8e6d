import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { decodeTimeCursor } from '../common/pagination/pagination';
import {
  AdminVideoJobDto,
  AdminVideoJobPageDto,
  AdminVideoListQueryDto,
  FailureQueryDto,
  FailureSummaryDto,
  PriceTableDto,
} from './dto/video.dto';
import { PricingService } from './pricing/pricing.service';
import { VideoJobsService } from './video-jobs.service';
import { toAdminVideoJobDto, toJobPage } from './video.mapper';

const DAY_MS = 86_400_000;

@ApiTags('admin: videos')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class VideosAdminController {
  constructor(
    private readonly jobs: VideoJobsService,
    private readonly pricing: PricingService,
  ) {}

  @Get('videos')
  @ApiOkResponse({ type: AdminVideoJobPageDto, description: 'All jobs, newest first, with upstream account, task id and cost' })
  async list(@Query() q: AdminVideoListQueryDto): Promise<AdminVideoJobPageDto> {
    const limit = q.limit ?? 20;
    const rows = await this.jobs.list({
      userId: q.userId,
      status: q.status,
      accountId: q.accountId,
      errorKind: q.errorKind,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      before: q.cursor ? decodeTimeCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    return toJobPage(rows, limit, toAdminVideoJobDto);
  }

  @Get('videos/failures')
  @ApiOkResponse({ type: FailureSummaryDto, description: 'Failed and canceled jobs by kind, with how many were refunded' })
  failures(@Query() q: FailureQueryDto): Promise<FailureSummaryDto> {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
    if (from >= to) throw new DomainException('VALIDATION_FAILED', 'from must be before to');
    return this.jobs.failureSummary(from, to);
  }

  @Get('videos/:id')
  @ApiOkResponse({ type: AdminVideoJobDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<AdminVideoJobDto> {
    return toAdminVideoJobDto(await this.jobs.get(id));
  }

  @Get('pricing')
  @ApiOkResponse({ type: PriceTableDto, description: 'The whole price table, inactive rows included' })
  prices(): Promise<PriceTableDto> {
    return this.pricing.table({ includeInactive: true });
  }

  @Put('pricing')
  @ApiOkResponse({ type: PriceTableDto, description: 'Replaces the table; rows not listed are deactivated' })
  replace(@CurrentPrincipal() principal: Principal, @Body() dto: PriceTableDto): Promise<PriceTableDto> {
    return this.pricing.replace(dto, principal.userId);
  }
}
