import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PROVIDER_NAMES, ProviderName, ProviderSettings } from '../providers/dialects';
import { ACCOUNT_MODES, ACCOUNT_STATUSES, AccountMode, COST_MODELS, CostModel } from '../upstream-accounts.service';

export class CreateProviderAccountDto {
  @ApiProperty({ enum: PROVIDER_NAMES })
  @IsIn(PROVIDER_NAMES)
  provider: ProviderName;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'https://www.vivaapi.cn', description: 'Not needed for simulated' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  baseUrl?: string;

  @ApiProperty({ maxLength: 500, description: 'Stored encrypted (AES-256-GCM); never returned' })
  @IsString()
  @MinLength(4)
  @MaxLength(500)
  apiKey: string;

  @ApiPropertyOptional({ enum: ACCOUNT_MODES, default: 'shared' })
  @IsOptional()
  @IsIn(ACCOUNT_MODES)
  mode?: AccountMode;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  groupId?: string | null;

  @ApiPropertyOptional({ minimum: -1000, maximum: 1000, default: 0, description: 'Higher first' })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  weight?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, default: 0, description: '0 = unlimited' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  concurrencyLimit?: number;

  @ApiPropertyOptional({ enum: COST_MODELS, default: 'per_credit' })
  @IsOptional()
  @IsIn(COST_MODELS)
  costModel?: CostModel;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10_000_000,
    default: 25,
    description: 'Fen per credit (per_credit) or per video (per_video)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  costFen?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'per_video: fen per video by model',
  })
  @IsOptional()
  @IsObject()
  costFenByModel?: Record<string, number>;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000_000, default: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  lowBalanceThresholdFen?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Dialect overrides: {paths:{submit,query,balance|null}, modelMap:{ours:theirs}, quotaPerYuan, timeoutMs}',
  })
  @IsOptional()
  @IsObject()
  settings?: ProviderSettings;
}

export class UpdateProviderAccountDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  baseUrl?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'A new key (re-enables an account disabled for a bad key)' })
  @IsOptional()
  @IsString()
  @MinLength(4)
  @MaxLength(500)
  apiKey?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_MODES })
  @IsOptional()
  @IsIn(ACCOUNT_MODES)
  mode?: AccountMode;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  groupId?: string | null;

  @ApiPropertyOptional({ minimum: -1000, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  weight?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  concurrencyLimit?: number;

  @ApiPropertyOptional({ enum: COST_MODELS })
  @IsOptional()
  @IsIn(COST_MODELS)
  costModel?: CostModel;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  costFen?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' } })
  @IsOptional()
  @IsObject()
  costFenByModel?: Record<string, number>;

  @ApiPropertyOptional({ minimum: 0, maximum: 1_000_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  lowBalanceThresholdFen?: number;

  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    description: 'Admins enable or disable; other states come from the provider',
  })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: ProviderSettings;
}

export class UsageSummaryDto {
  @ApiProperty() calls: number;
  @ApiProperty() successes: number;
  @ApiProperty() failures: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { rate_limited: 2 } })
  failuresByKind: Record<string, number>;
  @ApiProperty({ nullable: true, type: Number, description: '0–1' }) successRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) avgLatencyMs: number | null;
}

export class ProviderAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROVIDER_NAMES }) provider: string;
  @ApiProperty() name: string;
  @ApiProperty() baseUrl: string;
  @ApiProperty({ example: 'sk-****a1b2', description: 'The key is never returned' }) apiKeyMasked: string;
  @ApiProperty({ enum: ACCOUNT_MODES }) mode: string;
  @ApiProperty({ nullable: true, type: String }) groupId: string | null;
  @ApiProperty({ nullable: true, type: String }) groupName: string | null;
  @ApiProperty() priority: number;
  @ApiProperty() weight: number;
  @ApiProperty() concurrencyLimit: number;
  @ApiProperty() inFlight: number;
  @ApiProperty({ enum: COST_MODELS }) costModel: string;
  @ApiProperty() costFen: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) costFenByModel: Record<string, number>;
  @ApiProperty() lowBalanceThresholdFen: number;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty() statusSince: string;
  @ApiProperty({ nullable: true, type: String }) cooldownUntil: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings: object;
  @ApiProperty({ nullable: true, type: Number }) balanceFen: number | null;
  @ApiProperty({ nullable: true, enum: ['reported', 'estimated'] }) balanceSource: string | null;
  @ApiProperty({ nullable: true, type: String }) balanceCheckedAt: string | null;
  @ApiProperty() totalTopupFen: number;
  @ApiProperty() totalCostFen: number;
  @ApiProperty({ type: UsageSummaryDto, description: 'Calls in the last 24 hours' }) usage: UsageSummaryDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ProviderAccountListDto {
  @ApiProperty({ type: [ProviderAccountDto] }) items: ProviderAccountDto[];
}

export class TestConnectionDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional() balanceFen?: number;
  @ApiPropertyOptional({ enum: ['reported', 'estimated'] }) balanceSource?: string;
  @ApiPropertyOptional() errorKind?: string;
  @ApiProperty() message: string;
}

export class BalanceCheckItemDto {
  @ApiProperty() accountId: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() balanceFen?: number;
  @ApiPropertyOptional({ enum: ['reported', 'estimated'] }) source?: string;
  @ApiPropertyOptional() errorKind?: string;
  @ApiPropertyOptional() message?: string;
  @ApiProperty() latencyMs: number;
}

export class BalanceCheckDto {
  @ApiProperty({ type: [BalanceCheckItemDto] }) items: BalanceCheckItemDto[];
}

export class CreateTopupDto {
  @ApiProperty({ minimum: 1, maximum: 1_000_000_000, description: 'Fen' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountFen: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class TopupResultDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: Number }) balanceFen: number | null;
}

export class BalanceHistoryQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class BalancePointDto {
  @ApiProperty() balanceFen: number;
  @ApiProperty({ enum: ['reported', 'estimated'] }) source: string;
  @ApiProperty() at: string;
}

export class BalanceHistoryDto {
  @ApiProperty({ type: [BalancePointDto], description: 'Oldest first' }) items: BalancePointDto[];
}

export class CreateProviderGroupDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateProviderGroupDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class ProviderGroupDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() accountCount: number;
  @ApiProperty() createdAt: string;
}

export class ProviderGroupListDto {
  @ApiProperty({ type: [ProviderGroupDto] }) items: ProviderGroupDto[];
}

export class QuotaDto {
  @ApiProperty({ description: 'Credits bought (upstream quota)' }) quota: number;
  @ApiProperty({ description: 'Credits spent upstream' }) used: number;
  @ApiProperty() remaining: number;
}

export class QuotaTopUserDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() quota: number;
  @ApiProperty() used: number;
}

export class QuotaSummaryDto {
  @ApiProperty() totalQuota: number;
  @ApiProperty() totalUsed: number;
  @ApiProperty({ description: 'Upstream cost recorded for completed videos, fen' }) totalCostFen: number;
  @ApiProperty({ description: 'Admin-recorded top-ups, fen' }) totalTopupFen: number;
  @ApiProperty({ type: [QuotaTopUserDto] }) topUsers: QuotaTopUserDto[];
}
