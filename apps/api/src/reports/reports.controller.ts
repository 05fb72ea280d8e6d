import { Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators/auth.decorators';
import { DashboardService } from './dashboard.service';
import { DailyReportDto, DashboardDto, ReportRangeQueryDto } from './dto/reports.dto';
import { addDays, ReportsService } from './reports.service';

@ApiTags('admin: reports')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly dashboardService: DashboardService,
  ) {}

  @Get('dashboard')
  @ApiOkResponse({ type: DashboardDto })
  dashboard(): Promise<DashboardDto> {
    return this.dashboardService.dashboard();
  }

  // Registered before `daily/:date` so that "daily.csv" is not taken for a date.
  @Get('reports/daily.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per stored day in the range', content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@Query() query: ReportRangeQueryDto): Promise<string> {
    const { from, to } = await this.range(query);
    return this.reports.csv(from, to);
  }

  @Get('reports/daily')
  @ApiOkResponse({ type: [DailyReportDto], description: 'Stored daily reports in the range, oldest first' })
  async list(@Query() query: ReportRangeQueryDto): Promise<DailyReportDto[]> {
    const { from, to } = await this.range(query);
    return this.reports.list(from, to);
  }

  @Get('reports/daily/:date')
  @ApiOkResponse({ type: DailyReportDto })
  get(@Param('date') date: string): Promise<DailyReportDto> {
    return this.reports.get(date);
  }

  @Post('reports/daily/:date/generate')
  @HttpCode(200)
  @ApiOkResponse({ type: DailyReportDto, description: 'Computes the day from raw rows and stores it, replacing an earlier run' })
  generate(@Param('date') date: string): Promise<DailyReportDto> {
    return this.reports.generate(date);
  }

  private async range(query: ReportRangeQueryDto): Promise<{ from: string; to: string }> {
    const { today } = await this.reports.today();
    const to = query.to ?? addDays(today, -1);
    return { from: query.from ?? addDays(to, -29), to };
  }
}
