import { Controller, Get, Res, VERSION_NEUTRAL, Version } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators/auth.decorators';
import { HealthStateService } from './health-state.service';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ example: 'ReelMeter' }) name: string;
  @ApiProperty() version: string;
  @ApiProperty() uptimeSeconds: number;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty() uptimeSeconds: number;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ready', 'not_ready'] }) status: 'ready' | 'not_ready';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ description: 'True while the instance shuts down: finishing its work, taking no new traffic' })
  draining: boolean;
}

const VERSION = process.env.npm_package_version ?? '0.1.0';
const DATABASE_CHECK_MS = 2000;

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: HealthStateService,
  ) {}

  /** Liveness and readiness in one (kept for simple monitors): 200 when the database answers, 503 when it does not. */
  @Public()
  @Get('health')
  @Version(VERSION_NEUTRAL)
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const database = await this.database();
    const status = database === 'up' ? 'ok' : 'error';
    if (status !== 'ok') response.status(503);
    return { status, database, name: 'ReelMeter', version: VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Liveness: the process runs and serves HTTP. Never touches the database, so a database outage does not restart it. */
  @Public()
  @Get('health/live')
  @Version(VERSION_NEUTRAL)
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: send traffic here. 503 when the database does not answer or the instance is shutting down. */
  @Public()
  @Get('health/ready')
  @Version(VERSION_NEUTRAL)
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const draining = this.state.draining;
    const database = await this.database();
    const ready = database === 'up' && !draining;
    if (!ready) response.status(503);
    return { status: ready ? 'ready' : 'not_ready', database, draining };
  }

  private async database(): Promise<'up' | 'down'> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), DATABASE_CHECK_MS).unref()),
      ]);
      return 'up';
    } catch {
      return 'down';
    }
  }
}
