import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import {
  AdminOrderDto,
  AdminOrderListQueryDto,
  AdminOrderPageDto,
  CreatePackageDto,
  PackageDto,
  RefundOrderDto,
  UpdatePackageDto,
  VipLevelsDto,
} from './dto/payments.dto';
import { VipService } from './vip.service';
import { toAdminOrderDto } from './payments.mapper';
import { PackagesService } from './packages.service';
import { PaymentsService } from './payments.service';

class RejectedNotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['alipay', 'wechat', 'sandbox'] }) channel: string;
  @ApiProperty({ description: 'bad_signature, merchant_mismatch, stale_timestamp, malformed, unknown_order, amount_mismatch' })
  reason: string;
  @ApiProperty() message: string;
  @ApiProperty({ nullable: true, type: String }) outTradeNo: string | null;
  @ApiProperty({ nullable: true, type: String }) orderId: string | null;
  @ApiProperty({ nullable: true, type: String }) remoteIp: string | null;
  @ApiProperty() createdAt: Date;
}

@ApiTags('admin: payments')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class PaymentsAdminController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly packages: PackagesService,
    private readonly vip: VipService,
  ) {}

  @Get('vip-levels')
  @ApiOkResponse({ type: VipLevelsDto, description: 'VIP levels by cumulative paid amount and their purchase bonus' })
  async vipLevels(): Promise<VipLevelsDto> {
    return { levels: await this.vip.levels() };
  }

  @Put('vip-levels')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: VipLevelsDto, description: 'Replaces the table; applies to orders paid from now on' })
  async setVipLevels(@CurrentPrincipal() principal: Principal, @Body() dto: VipLevelsDto): Promise<VipLevelsDto> {
    return { levels: await this.vip.setLevels(dto.levels, principal.userId) };
  }

  @Get('packages')
  @ApiOkResponse({ type: [PackageDto], description: 'All packages, including inactive ones' })
  listPackages(): Promise<PackageDto[]> {
    return this.packages.list({ activeOnly: false });
  }

  @Post('packages')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: PackageDto })
  createPackage(@Body() dto: CreatePackageDto): Promise<PackageDto> {
    return this.packages.create(dto);
  }

  @Patch('packages/:id')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PackageDto, description: 'Changes apply to new orders only' })
  updatePackage(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdatePackageDto): Promise<PackageDto> {
    return this.packages.update(id, dto);
  }

  @Get('orders')
  @ApiOkResponse({
    type: AdminOrderPageDto,
    description: 'All orders, newest first, filterable (status, channel, user, trade number, creation time)',
  })
  async listOrders(@Query() query: AdminOrderListQueryDto): Promise<AdminOrderPageDto> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw new DomainException('VALIDATION_FAILED', 'from must be before to');
    const page = await this.payments.listOrders({ ...query, from, to, limit: query.limit ?? 20 });
    return { items: page.items.map(toAdminOrderDto), nextCursor: page.nextCursor };
  }

  @Get('orders/:id')
  @ApiOkResponse({ type: AdminOrderDto })
  async getOrder(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminOrderDto> {
    return toAdminOrderDto(await this.payments.getOrder(id));
  }

  @Post('orders/:id/refund')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Refunds are idempotent by order as well' })
  @ApiCreatedResponse({ type: AdminOrderDto, description: 'The refunded order, with credits clawed back and any shortfall' })
  async refund(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RefundOrderDto,
  ): Promise<AdminOrderDto> {
    return toAdminOrderDto(await this.payments.refund(id, principal.userId, dto.reason));
  }

  @Get('payments/rejected-notifications')
  @ApiOkResponse({ type: [RejectedNotificationDto], description: 'The 50 newest rejected (forged or mismatched) notifications' })
  rejected(): Promise<RejectedNotificationDto[]> {
    return this.payments.listRejections(50);
  }
}
