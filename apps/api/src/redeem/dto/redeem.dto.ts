import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_CREDIT_AMOUNT } from '@reelmeter/shared';

export class TrialTemplateDto {
  @ApiProperty({
    minimum: 0,
    maximum: MAX_CREDIT_AMOUNT,
    example: 20,
    description: 'Quota of the trial key in credits; 0 = unlimited',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_CREDIT_AMOUNT)
  quota: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    example: 7,
    description: 'The key expires this many days after its first use (activation)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  validityDays?: number;

  @ApiPropertyOptional({
    example: '2027-01-31T16:00:00Z',
    description:
      'The key expires at this fixed time (ISO 8601). With validityDays too, whichever comes first; codes cannot be redeemed after it',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, example: 1, description: 'Most video jobs in flight at once; 0 = unlimited' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  concurrency?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000000, example: 30, description: 'Requests per minute' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;
}

export class CreateRedeemBatchDto {
  @ApiProperty({ maxLength: 100, example: 'Xianyu one-week trial, December' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ minimum: 1, maximum: 10000, example: 100, description: 'How many codes' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  count: number;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_CREDIT_AMOUNT,
    example: 20,
    description: 'Credits each code grants (0 only with a trial key)',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_CREDIT_AMOUNT)
  credits: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    example: 30,
    description: 'Granted credits expire this many days after redemption',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  creditValidityDays?: number;

  @ApiPropertyOptional({ example: '2027-03-31T00:00:00Z', description: 'Codes can be redeemed until then (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  redeemBy?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, example: 1, description: 'Most codes of this batch one user may redeem' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  perUserLimit?: number;

  @ApiPropertyOptional({ maxLength: 100, example: 'xianyu', description: 'Storefront / sales channel' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100_000_000,
    example: 990,
    description: 'Storefront price of one code in fen (for reports)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  priceFen?: number;

  @ApiPropertyOptional({ type: TrialTemplateDto, description: 'Makes each code a trial card: redeeming it creates an API key' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TrialTemplateDto)
  trial?: TrialTemplateDto;
}

export class UpdateRedeemBatchDto {
  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'Disable (or re-enable) every code of the batch' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'Disable these single codes of the batch (for good)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  disableCodes?: string[];
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'txt'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'txt'])
  format?: 'csv' | 'txt';
}

export class TrialTemplateViewDto {
  @ApiProperty() quota: number;
  @ApiProperty({ type: Number, nullable: true }) validityDays: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: Date | null;
  @ApiProperty() concurrency: number;
  @ApiProperty({ type: Number, nullable: true }) rateLimitPerMinute: number | null;
}

export class RedeemBatchStatsDto {
  @ApiProperty() redeemed: number;
  @ApiProperty({ description: 'Active and still redeemable' }) remaining: number;
  @ApiProperty({ description: 'Not redeemed before the redeem-by date' }) expired: number;
  @ApiProperty() disabled: number;
}

export class RedeemBatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) channel: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() credits: number;
  @ApiProperty({ type: Number, nullable: true }) creditValidityDays: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) redeemBy: Date | null;
  @ApiProperty({ type: Number, nullable: true }) perUserLimit: number | null;
  @ApiProperty({ type: Number, nullable: true }) priceFen: number | null;
  @ApiProperty() count: number;
  @ApiProperty({ type: TrialTemplateViewDto, nullable: true }) trial: TrialTemplateViewDto | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty({ description: 'True until the one export of the plain codes' }) exportable: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) exportedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: RedeemBatchStatsDto }) stats: RedeemBatchStatsDto;
}

export class CreatedRedeemBatchDto extends RedeemBatchDto {
  @ApiProperty({ type: [String], description: 'The plain codes, shown here and in the one export only' })
  codes: string[];
}

export class RedeemBatchPageDto {
  @ApiProperty({ type: [RedeemBatchDto] }) items: RedeemBatchDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class RedeemDto {
  @ApiProperty({ maxLength: 40, example: 'ABCD-EFGH-JKLM-N' })
  @IsString()
  @MaxLength(40)
  code: string;
}

export class RedeemedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() prefix: string;
  @ApiProperty({ description: 'The key’s secret, shown in this response only' }) secret: string;
  @ApiProperty() quotaLimit: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Days of validity counted from the first use' })
  expiresAfterFirstUseDays: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Fixed end of validity, if the card has one' })
  expiresAt: Date | null;
}

export class RedeemResultDto {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ description: 'Credits granted' }) credits: number;
  @ApiProperty({ description: 'Balance after the redemption' }) available: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) creditsExpireAt: Date | null;
  @ApiProperty({ type: RedeemedApiKeyDto, nullable: true, description: 'Trial cards: the new API key' })
  apiKey: RedeemedApiKeyDto | null;
}
