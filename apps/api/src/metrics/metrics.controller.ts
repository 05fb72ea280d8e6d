import { Controller, Get, Headers, Inject, Req, Res, VERSION_NEUTRAL, Version } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

@ApiTags('health')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Prometheus text format. With METRICS_TOKEN set, scrapers send it as a Bearer token; without it,
   * only direct loopback clients are served (a request relayed by a proxy carries X-Forwarded-For).
   */
  @Public()
  @Get('metrics')
  @Version(VERSION_NEUTRAL)
  @ApiOkResponse({ description: 'Prometheus exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  async render(
    @Req() request: Request,
    @Res() response: Response,
    @Headers('authorization') authorization?: string,
  ): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) {
      const remote = request.socket.remoteAddress ?? '';
      const loopback = remote === '::1' || remote.startsWith('127.') || remote.startsWith('::ffff:127.');
      if (!loopback || request.headers['x-forwarded-for'] !== undefined) {
        throw new DomainException(
          'FORBIDDEN',
          'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape remotely',
        );
      }
    } else {
      const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
      const expected = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DomainException('UNAUTHENTICATED', 'Send the metrics token as "Authorization: Bearer <token>"');
      }
    }
    response.setHeader('Content-Type', this.metrics.contentType);
    response.send(await this.metrics.render());
  }
}
