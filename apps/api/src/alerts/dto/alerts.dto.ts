import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const LOCALES = ['zh-CN', 'en'] as const;
const FORMATS = ['json', 'wecom', 'dingtalk', 'feishu'] as const;
const STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export class AlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class AlertDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'upstream.insufficient_balance' }) ruleKey: string;
  @ApiProperty({ description: 'What the alert is about, e.g. an upstream account id' }) subject: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
  @ApiProperty({ description: 'How many times the condition was seen while open' }) occurrences: number;
  @ApiProperty() firstSeenAt: Date;
  @ApiProperty() lastSeenAt: Date;
  @ApiProperty() lastNotifiedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acknowledgedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items: AlertDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ description: 'Open (unacknowledged) alerts: the unread count' }) openCount: number;
}

export class AlertRuleDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty({ type: Object, example: { thresholdFen: 10000 } }) params: Record<string, number>;
  @ApiProperty() cooldownMinutes: number;
  @ApiProperty() updatedAt: Date;
}

export class UpdateAlertRuleDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: (typeof SEVERITIES)[number];

  @ApiPropertyOptional({ type: Object, description: 'Thresholds to change (whole numbers), merged into the rule' })
  @IsOptional()
  @IsObject()
  params?: Record<string, number>;

  @ApiPropertyOptional({ minimum: 1, maximum: 10080 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  cooldownMinutes?: number;
}

export class CreateAlertChannelDto {
  @ApiProperty({ enum: ['email', 'webhook'] }) @IsIn(['email', 'webhook']) type: 'email' | 'webhook';
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ enum: SEVERITIES, default: 'warning' })
  @IsOptional()
  @IsIn(SEVERITIES)
  minSeverity?: (typeof SEVERITIES)[number];
  @ApiPropertyOptional({ enum: LOCALES, default: 'zh-CN' }) @IsOptional() @IsIn(LOCALES) locale?: (typeof LOCALES)[number];

  @ApiPropertyOptional({ type: [String], description: 'E-mail channels: recipients (1–20)' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ description: 'Webhook channels: where to POST', maxLength: 2000 })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({
    enum: FORMATS,
    default: 'json',
    description: 'Webhook body: ours, or a WeCom / DingTalk / Feishu robot',
  })
  @IsOptional()
  @IsIn(FORMATS)
  format?: (typeof FORMATS)[number];
}

export class UpdateAlertChannelDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) minSeverity?: (typeof SEVERITIES)[number];
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: (typeof LOCALES)[number];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: (typeof FORMATS)[number];
}

export class AlertChannelDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['email', 'webhook'] }) type: string;
  @ApiProperty() name: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: SEVERITIES }) minSeverity: string;
  @ApiProperty({ enum: LOCALES }) locale: string;
  @ApiPropertyOptional({ type: [String] }) recipients?: string[];
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ enum: FORMATS }) format?: string;
  @ApiPropertyOptional({ description: 'Last characters of the webhook signing secret' }) secretHint?: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CreatedAlertChannelDto extends AlertChannelDto {
  @ApiPropertyOptional({
    description:
      'Webhook signing secret, shown only in this response. Verify `X-ReelMeter-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`',
  })
  secret?: string;
}

export class ChannelTestResultDto {
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() error?: string;
}
