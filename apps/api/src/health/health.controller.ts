import { Controller, Get, Res, VERSION_NEUTRAL, Version } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators/auth.decorators';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ example: 'ReelMeter' }) name: string;
  @ApiProperty() version: string;
  @ApiProperty() uptimeSeconds: number;
}

const VERSION = process.env.npm_package_version ?? '0.1.0';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness and readiness in one: 200 when the database answers, 503 when it does not. */
  @Public()
  @Get('health')
  @Version(VERSION_NEUTRAL)
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    let database: 'up' | 'down' = 'up';
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000).unref()),
      ]);
    } catch {
      database = 'down';
    }
    const status = database === 'up' ? 'ok' : 'error';
    if (status !== 'ok') response.status(503);
    return { status, database, name: 'ReelMeter', version: VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }
}
