import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { decodeIdCursor, toPage } from '../common/pagination/pagination';
import { ScheduledRunDto, ScheduledRunsPageDto, ScheduledRunsQueryDto } from './dto/scheduled-runs.dto';
import { JobScheduler } from './job-scheduler.service';

@ApiTags('admin: system')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class ScheduledRunsController {
  constructor(private readonly scheduler: JobScheduler) {}

  @Get('scheduled-runs')
  @ApiOkResponse({ type: ScheduledRunsPageDto, description: 'The registered jobs and their runs, newest first' })
  async runs(@Query() query: ScheduledRunsQueryDto): Promise<ScheduledRunsPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.scheduler.listRuns({ jobName: query.job, beforeId: decodeIdCursor(query.cursor), limit: limit + 1 });
    return { jobs: this.scheduler.list(), ...toPage(rows, limit, (last) => last.id) };
  }

  @Post('scheduled-jobs/:name/run')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduledRunDto, description: 'Runs the job now on this instance and returns its run record' })
  runNow(@Param('name') name: string): Promise<ScheduledRunDto> {
    if (!/^[a-z0-9_.-]{1,100}$/.test(name)) throw new DomainException('VALIDATION_FAILED', 'name is not a job name');
    return this.scheduler.runNow(name);
  }
}
