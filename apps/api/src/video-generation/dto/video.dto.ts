import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CreatedBound, PageQueryDto } from '../../common/pagination/pagination';

export const VIDEO_JOB_STATUSES = ['queued', 'submitting', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type VideoJobStatus = (typeof VIDEO_JOB_STATUSES)[number];
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
const MODEL_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const ACTION_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;

export class CreateVideoDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'A red panda surfing at sunset, cinematic' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  prompt: string;

  @ApiProperty({ example: 'veo3', maxLength: 64, description: 'A model listed by GET /pricing' })
  @IsString()
  @Matches(MODEL_PATTERN, { message: 'model must be lower-case letters, digits and _ . - (max 64)' })
  model: string;

  @ApiProperty({ example: 8, minimum: 1, maximum: 600, description: 'A duration listed by GET /pricing for the model' })
  @IsInt()
  @Min(1)
  @Max(600)
  durationSeconds: number;

  @ApiProperty({ enum: ORIENTATIONS, example: 'landscape' })
  @IsIn(ORIENTATIONS)
  orientation: (typeof ORIENTATIONS)[number];
}

export class VideoErrorDto {
  @ApiProperty({
    example: 'upstream_balance',
    description:
      'content_rejected | generation_failed | upstream_unavailable | upstream_balance | rate_limited | timeout | submit_interrupted | canceled | bad_request | task_lost',
  })
  kind: string;
  @ApiProperty({ example: '服务暂时不可用，管理员正在处理中，请稍后重试' }) messageZh: string;
  @ApiProperty({ example: 'The service is temporarily unavailable; an administrator is working on it. Please try again later.' })
  messageEn: string;
}

export class VideoJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: VIDEO_JOB_STATUSES }) status: VideoJobStatus;
  @ApiProperty() model: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty({ enum: ORIENTATIONS }) orientation: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ description: 'Credits charged for the job' }) credits: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
  @ApiProperty({ nullable: true, type: String, description: 'The video, once succeeded' }) resultUrl: string | null;
  @ApiProperty({ nullable: true, type: VideoErrorDto }) error: VideoErrorDto | null;
  @ApiProperty({ description: 'True once the credits of a failed or canceled job were given back' }) refunded: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When the upstream accepted the task' }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class AdminVideoJobDto extends VideoJobDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) apiKeyId: string | null;
  @ApiProperty({ nullable: true, type: String }) upstreamAccountId: string | null;
  @ApiProperty({ nullable: true, type: String }) providerTaskId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Upstream cost in fen, once finished' }) costFen: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The upstream reason, for operators' }) errorDetail: string | null;
  @ApiProperty() pollCount: number;
  @ApiProperty({ nullable: true, type: Date }) submitStartedAt: Date | null;
  @ApiProperty() deadlineAt: Date;
}

export class VideoJobPageDto {
  @ApiProperty({ type: [VideoJobDto] }) items: VideoJobDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AdminVideoJobPageDto {
  @ApiProperty({ type: [AdminVideoJobDto] }) items: AdminVideoJobDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class VideoListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: VIDEO_JOB_STATUSES })
  @IsOptional()
  @IsIn(VIDEO_JOB_STATUSES)
  status?: VideoJobStatus;
}

export class AdminVideoListQueryDto extends VideoListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Upstream account that served the job' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ example: 'content_rejected' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'errorKind is a lower-case word' })
  errorKind?: string;

  @CreatedBound('from')
  from?: string;

  @CreatedBound('to')
  to?: string;
}

export class FailureQueryDto {
  @CreatedBound('from', '; default 7 days ago')
  from?: string;

  @CreatedBound('to', '; default now')
  to?: string;
}

export class FailureKindDto {
  @ApiProperty() errorKind: string;
  @ApiProperty({ enum: ['failed', 'canceled'] }) status: string;
  @ApiProperty() jobs: number;
  @ApiProperty({ description: 'Jobs of this kind whose credits were given back (should equal jobs)' }) refunded: number;
  @ApiProperty() creditsRefunded: number;
}

export class FailureSummaryDto {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty({ type: [FailureKindDto] }) kinds: FailureKindDto[];
}

export class VideoPriceDto {
  @ApiProperty({ example: 'veo3', maxLength: 64 })
  @IsString()
  @Matches(MODEL_PATTERN, { message: 'model must be lower-case letters, digits and _ . - (max 64)' })
  model: string;

  @ApiProperty({ example: 8, minimum: 1, maximum: 600 })
  @IsInt()
  @Min(1)
  @Max(600)
  durationSeconds: number;

  @ApiProperty({ example: 15, minimum: 1, maximum: 1_000_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  credits: number;

  @ApiProperty({ default: true })
  @IsOptional()
  @IsBoolean()
  active: boolean = true;
}

export class ActionPriceDto {
  @ApiProperty({ example: 'script', maxLength: 64 })
  @IsString()
  @Matches(ACTION_PATTERN, { message: 'action must be lower-case letters, digits and _ . : - (max 64)' })
  action: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: 1_000_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  credits: number;

  @ApiProperty({ default: true })
  @IsOptional()
  @IsBoolean()
  active: boolean = true;
}

export class PriceTableDto {
  @ApiProperty({ type: [VideoPriceDto], description: 'Credits per video by model and duration' })
  @ValidateNested({ each: true })
  @Type(() => VideoPriceDto)
  @ArrayMaxSize(200)
  videos: VideoPriceDto[];

  @ApiProperty({ type: [ActionPriceDto], description: 'Other paid actions, charged with POST /credits/consume' })
  @ValidateNested({ each: true })
  @Type(() => ActionPriceDto)
  @ArrayMaxSize(200)
  actions: ActionPriceDto[];
}

export const SYSTEM_STATUSES = ['normal', 'degraded', 'maintenance'] as const;

export class SystemStatusDto {
  @ApiProperty({ enum: SYSTEM_STATUSES }) status: (typeof SYSTEM_STATUSES)[number];
  @ApiProperty({ description: 'Banner text (zh-CN); empty when normal' }) message: string;
  @ApiProperty({ description: 'Banner text (en); empty when normal' }) messageEn: string;
}

export class UpdateSystemStatusDto {
  @ApiProperty({ description: 'Maintenance mode: new video jobs are refused with 503' })
  @IsBoolean()
  maintenance: boolean;

  @ApiPropertyOptional({ maxLength: 500, example: '系统维护中，预计 30 分钟内恢复' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  message?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Down for maintenance, back within 30 minutes' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  messageEn?: string;
}
