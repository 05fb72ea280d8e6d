import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Public } from '../common/decorators/auth.decorators';
import { ChannelDto, CreateOrderDto, OrderDto, OrderListQueryDto, OrderPageDto, PackageDto } from './dto/payments.dto';
import { toOrderDto } from './payments.mapper';
import { PackagesService } from './packages.service';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly packages: PackagesService,
  ) {}

  @Public()
  @Get('packages')
  @ApiOkResponse({ type: [PackageDto], description: 'Packages on sale, in display order' })
  listPackages(): Promise<PackageDto[]> {
    return this.packages.list({ activeOnly: true });
  }

  @Public()
  @Get('payments/channels')
  @ApiOkResponse({ type: [ChannelDto], description: 'Which payment channels this server can take' })
  channels(): ChannelDto[] {
    return this.payments.channels();
  }

  @Post('orders')
  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the same order' })
  @ApiCreatedResponse({ type: OrderDto, description: 'Show qrCode as a QR code (or open payUrl), then poll the order' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateOrderDto): Promise<OrderDto> {
    return toOrderDto(await this.payments.createOrder(principal.userId, dto));
  }

  @Get('orders')
  @ApiBearerAuth()
  @ApiOkResponse({ type: OrderPageDto, description: 'My orders, newest first' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: OrderListQueryDto): Promise<OrderPageDto> {
    const page = await this.payments.listOrders({
      userId: principal.userId,
      status: query.status,
      cursor: query.cursor,
      limit: query.limit ?? 20,
    });
    return { items: page.items.map(toOrderDto), nextCursor: page.nextCursor };
  }

  @Get('orders/:id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: OrderDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<OrderDto> {
    return toOrderDto(await this.payments.getOwnOrder(principal.userId, id));
  }
}
