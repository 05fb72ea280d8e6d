import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { MAX_CREDIT_AMOUNT } from '@reelmeter/shared';
import { API_KEY_STATUSES, ApiKeyStatus } from '../api-key.types';

const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const BINDING_PATTERN = /^(group:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100, example: 'my render farm' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CREDIT_AMOUNT,
    default: 0,
    example: 150,
    description: 'Most credits that may be spent through this key; 0 = unlimited (the owner’s balance still applies)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CREDIT_AMOUNT)
  quotaLimit?: number;

  @ApiPropertyOptional({ description: 'Absolute expiry (ISO 8601, in the future)', example: '2027-01-18T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    example: 7,
    description: 'Expires this many days after its first use (with expiresAt too, whichever comes first)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresAfterFirstUseDays?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1000,
    default: 0,
    example: 3,
    description: 'Most video jobs in flight at once; 0 = unlimited',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  concurrencyLimit?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'Beyond the concurrency limit, wait in a queue instead of failing at once',
  })
  @IsOptional()
  @IsBoolean()
  queueEnabled?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, default: 0, example: 5, description: 'Most requests waiting in the queue' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  queueMaxSize?: number;

  @ApiPropertyOptional({
    minimum: 100,
    maximum: 600000,
    default: 10000,
    description: 'How long a queued request waits for a slot (ms)',
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  queueTimeoutMs?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, default: 60, description: 'Rate-limit window (seconds)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  rateLimitWindowSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000000, default: 60, description: 'Requests allowed per window' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitMaxRequests?: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    example: ['veo3'],
    description: 'Models this key may use; empty = all',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(MODEL_PATTERN, { each: true, message: 'each model must be letters, digits and _ . : - (max 64)' })
  allowedModels?: string[];
}

export class AdminCreateApiKeyDto extends CreateApiKeyDto {
  @ApiProperty({ format: 'uuid', description: 'The user the key belongs to (its usage is charged to them)' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({
    maxLength: 42,
    example: 'group:6f1c7a52-0d7e-4a55-9a57-3f3d3c1e2b10',
    description: 'Bind to a dedicated upstream account (its id) or a group (`group:<id>`); none = shared pool',
  })
  @IsOptional()
  @Matches(BINDING_PATTERN, { message: 'upstreamBinding must be an account id or group:<id>' })
  upstreamBinding?: string;
}

export class UpdateApiKeyDto extends PartialType(OmitType(CreateApiKeyDto, ['expiresAt'] as const)) {
  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'Switch the key off and on (revoking is DELETE)' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ nullable: true, description: 'New absolute expiry; null removes it', example: '2027-01-18T00:00:00Z' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}

export class AdminUpdateApiKeyDto extends UpdateApiKeyDto {
  @ApiPropertyOptional({ nullable: true, maxLength: 42, description: 'Account id, group:<id>, or null for the shared pool' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(BINDING_PATTERN, { message: 'upstreamBinding must be an account id or group:<id>' })
  upstreamBinding?: string | null;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'rm_live_ab12cd', description: 'The visible start of the secret, to recognise the key' })
  prefix: string;
  @ApiProperty({ enum: API_KEY_STATUSES }) status: ApiKeyStatus;
  @ApiProperty({ description: '0 = unlimited' }) quotaLimit: number;
  @ApiProperty() quotaUsed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) quotaRemaining: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) expiresAfterFirstUseDays: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) firstUsedAt: Date | null;
  @ApiProperty({ description: '0 = unlimited' }) concurrencyLimit: number;
  @ApiProperty() queueEnabled: boolean;
  @ApiProperty() queueMaxSize: number;
  @ApiProperty() queueTimeoutMs: number;
  @ApiProperty() rateLimitWindowSeconds: number;
  @ApiProperty() rateLimitMaxRequests: number;
  @ApiProperty({ type: [String] }) allowedModels: string[];
  @ApiProperty({ nullable: true, type: String }) upstreamBinding: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedIp: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'rm_live_ab12cdEXAMPLEnotArealKEY0123456789abcdefg',
    description: 'The secret. Shown in this response only: store it now, it cannot be retrieved again.',
  })
  secret: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
  @ApiProperty({ description: 'Whether this user may create keys (enterprise package or admin approval)' })
  canCreate: boolean;
}

export class AdminApiKeysQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: API_KEY_STATUSES })
  @IsOptional()
  @IsIn(API_KEY_STATUSES)
  status?: ApiKeyStatus;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class AdminApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SetApiKeyPermissionDto {
  @ApiProperty({ description: 'Whether the user may create their own API keys' })
  @IsBoolean()
  allowed: boolean;
}

export class ApiKeyPermissionDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() allowed: boolean;
  @ApiProperty({ nullable: true, enum: ['admin', 'purchase'], description: 'Who allowed it' }) source:
    'admin' | 'purchase' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) grantedAt: Date | null;
}

export class KeyUsageDto {
  @ApiProperty({ format: 'uuid' }) keyId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'rm_live_ab12cd' }) prefix: string;
  @ApiProperty({ enum: API_KEY_STATUSES }) status: ApiKeyStatus;
  @ApiProperty({ description: '0 = unlimited' }) quotaLimit: number;
  @ApiProperty() quotaUsed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) quotaRemaining: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: Date | null;
  @ApiProperty() rateLimitWindowSeconds: number;
  @ApiProperty() rateLimitMaxRequests: number;
  @ApiProperty() concurrencyLimit: number;
}
