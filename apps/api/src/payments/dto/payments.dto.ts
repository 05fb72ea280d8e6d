import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { CreatedBound, PageQueryDto } from '../../common/pagination/pagination';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_CREDIT_AMOUNT, ORDER_STATUSES, OrderStatus, PAYMENT_CHANNELS, PaymentChannel } from '@reelmeter/shared';

const MAX_PRICE_FEN = 100_000_000;

export class PackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'pro' }) code: string;
  @ApiProperty({ example: '专业' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Price in fen (CNY minor units)', example: 9900 }) priceFen: number;
  @ApiProperty({ example: 150 }) credits: number;
  @ApiProperty({ example: 0 }) bonusCredits: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Days the purchased credits stay valid; null = never expire' })
  validityDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Days the bonus credits stay valid; null = as validityDays' })
  bonusValidityDays: number | null;
  @ApiProperty({ description: 'Buying it lets the user create their own API keys' }) grantsApiKeys: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty() sortOrder: number;
}

export class CreatePackageDto {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_-]{1,31}$', example: 'starter' })
  @Matches(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'code must be 2-32 lower-case letters, digits, _ or -' })
  code: string;

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ minimum: 1, maximum: MAX_PRICE_FEN })
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_FEN)
  priceFen: number;

  @ApiProperty({ minimum: 1, maximum: MAX_CREDIT_AMOUNT })
  @IsInt()
  @Min(1)
  @Max(MAX_CREDIT_AMOUNT)
  credits: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CREDIT_AMOUNT, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CREDIT_AMOUNT)
  bonusCredits?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 36500, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  validityDays?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 36500, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  bonusValidityDays?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  grantsApiKeys?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minimum: -100000, maximum: 100000, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(-100000)
  @Max(100000)
  sortOrder?: number;
}

export class UpdatePackageDto extends PartialType(CreatePackageDto) {}

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  packageId: string;

  @ApiProperty({ enum: PAYMENT_CHANNELS })
  @IsIn(PAYMENT_CHANNELS)
  channel: PaymentChannel;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Our order number, as the gateway knows it' }) outTradeNo: string;
  @ApiProperty({ format: 'uuid' }) packageId: string;
  @ApiProperty() packageName: string;
  @ApiProperty({ description: 'fen' }) amountFen: number;
  @ApiProperty() credits: number;
  @ApiProperty() bonusCredits: number;
  @ApiProperty({ description: 'Extra credits from the buyer’s VIP level, set when paid' }) vipBonusCredits: number;
  @ApiProperty({ nullable: true, type: String }) vipLevel: string | null;
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel: PaymentChannel;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiPropertyOptional({ description: 'Render as a QR code' }) qrCode?: string;
  @ApiPropertyOptional({ description: 'Or open this page to pay' }) payUrl?: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) paidAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) refundedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class AdminOrderDto extends OrderDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) gatewayTradeNo: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['notification', 'reconciliation'] }) paidVia: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Credits taken back by the refund' }) refundClawedBack: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Credits the buyer had already spent and could not be taken back' })
  refundShortfall: number | null;
  @ApiProperty({ nullable: true, type: String }) refundReason: string | null;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AdminOrderPageDto {
  @ApiProperty({ type: [AdminOrderDto] }) items: AdminOrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class AdminOrderListQueryDto extends OrderListQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_CHANNELS })
  @IsOptional()
  @IsIn(PAYMENT_CHANNELS)
  channel?: PaymentChannel;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  outTradeNo?: string;

  @CreatedBound('from')
  from?: string;

  @CreatedBound('to')
  to?: string;
}

export class RefundOrderDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Customer asked for a refund' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class ChannelDto {
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel: PaymentChannel;
  @ApiProperty({ description: 'False when the operator has not configured it (or sandbox in production)' }) available: boolean;
}

export class VipLevelDto {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_-]{0,31}$', example: 'gold' })
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'level must be 1-32 lower-case letters, digits, _ or -' })
  level: string;

  @ApiProperty({ minimum: 0, maximum: 100_000_000_000, description: 'Cumulative paid amount (fen) from which it applies' })
  @IsInt()
  @Min(0)
  @Max(100_000_000_000)
  minPaidFen: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Extra purchase credits in percent (rounded down)' })
  @IsInt()
  @Min(0)
  @Max(100)
  bonusPercent: number;
}

export class VipLevelsDto {
  @ApiProperty({ type: [VipLevelDto], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VipLevelDto)
  levels: VipLevelDto[];
}
