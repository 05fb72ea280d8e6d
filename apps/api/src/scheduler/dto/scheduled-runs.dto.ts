import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';

export class ScheduledRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only runs of this job' })
  @IsOptional()
  @Matches(/^[a-z0-9_.-]{1,100}$/, { message: 'job is not a job name' })
  job?: string;
}

export class ScheduledRunDto {
  @ApiProperty() id: string;
  @ApiProperty() jobName: string;
  @ApiProperty({ description: 'The tick this run belongs to (unique per job)' }) slot: Date;
  @ApiProperty({ enum: ['cron', 'manual'] }) trigger: 'cron' | 'manual';
  @ApiProperty({ description: 'Which API instance ran it' }) instanceId: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) outcome: 'running' | 'succeeded' | 'failed';
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
}

export class ScheduledJobDto {
  @ApiProperty() name: string;
  @ApiProperty() cron: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'False when the scheduler or this job is switched off on this instance' }) enabled: boolean;
}

export class ScheduledRunsPageDto {
  @ApiProperty({ type: [ScheduledJobDto] }) jobs: ScheduledJobDto[];
  @ApiProperty({ type: [ScheduledRunDto] }) items: ScheduledRunDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
