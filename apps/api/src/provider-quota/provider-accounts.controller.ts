import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import {
  BalanceCheckDto,
  BalanceHistoryDto,
  BalanceHistoryQueryDto,
  CreateProviderAccountDto,
  CreateProviderGroupDto,
  CreateTopupDto,
  ProviderAccountDto,
  ProviderAccountListDto,
  ProviderGroupDto,
  ProviderGroupListDto,
  QuotaSummaryDto,
  TestConnectionDto,
  TopupResultDto,
  UpdateProviderAccountDto,
  UpdateProviderGroupDto,
} from './dto/upstream.dto';
import { toAccountDto, toGroupDto } from './provider-quota.mapper';
import { UpstreamAccountsService } from './upstream-accounts.service';
import { UpstreamBalanceService } from './upstream-balance.service';
import { UserQuotaService } from './user-quota.service';

@ApiTags('admin: upstream')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class ProviderAccountsController {
  constructor(
    private readonly accounts: UpstreamAccountsService,
    private readonly balances: UpstreamBalanceService,
    private readonly quota: UserQuotaService,
  ) {}

  @Get('provider-accounts')
  @ApiOkResponse({ type: ProviderAccountListDto })
  async list(): Promise<ProviderAccountListDto> {
    const items = await this.accounts.list();
    const usage = await this.accounts.usageSummary(items.map((a) => a.id));
    return { items: items.map((a) => toAccountDto(a, usage.get(a.id))) };
  }

  @Post('provider-accounts')
  @ApiCreatedResponse({ type: ProviderAccountDto })
  async create(@Body() dto: CreateProviderAccountDto): Promise<ProviderAccountDto> {
    return toAccountDto(await this.accounts.create(dto));
  }

  /** Runs the balance check of every account now (the scheduler runs it hourly). */
  @Post('provider-accounts/balance-check')
  @HttpCode(200)
  @ApiOkResponse({ type: BalanceCheckDto })
  async checkAll(): Promise<BalanceCheckDto> {
    return { items: await this.balances.checkBalances() };
  }

  @Get('provider-accounts/:id')
  @ApiOkResponse({ type: ProviderAccountDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ProviderAccountDto> {
    const account = await this.accounts.get(id);
    return toAccountDto(account, (await this.accounts.usageSummary([id])).get(id));
  }

  @Patch('provider-accounts/:id')
  @ApiOkResponse({ type: ProviderAccountDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateProviderAccountDto): Promise<ProviderAccountDto> {
    return toAccountDto(await this.accounts.update(id, dto));
  }

  @Delete('provider-accounts/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.accounts.remove(id);
  }

  @Post('provider-accounts/:id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestConnectionDto })
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<TestConnectionDto> {
    return this.balances.testConnection(id);
  }

  @Post('provider-accounts/:id/topups')
  @ApiCreatedResponse({ type: TopupResultDto })
  topup(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateTopupDto,
  ): Promise<TopupResultDto> {
    return this.balances.addTopup(id, dto.amountFen, dto.note, principal.userId);
  }

  @Get('provider-accounts/:id/balance-history')
  @ApiOkResponse({ type: BalanceHistoryDto })
  async history(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: BalanceHistoryQueryDto,
  ): Promise<BalanceHistoryDto> {
    const points = await this.balances.history(id, query.limit ?? 200);
    return { items: points.map((p) => ({ balanceFen: p.balanceFen, source: p.source, at: new Date(p.at).toISOString() })) };
  }

  @Get('provider-groups')
  @ApiOkResponse({ type: ProviderGroupListDto })
  async groups(): Promise<ProviderGroupListDto> {
    return { items: (await this.accounts.listGroups()).map(toGroupDto) };
  }

  @Post('provider-groups')
  @ApiCreatedResponse({ type: ProviderGroupDto })
  async createGroup(@Body() dto: CreateProviderGroupDto): Promise<ProviderGroupDto> {
    return toGroupDto(await this.accounts.createGroup(dto));
  }

  @Get('provider-groups/:id')
  @ApiOkResponse({ type: ProviderGroupDto })
  async group(@Param('id', new ParseUUIDPipe()) id: string): Promise<ProviderGroupDto> {
    return toGroupDto(await this.accounts.getGroup(id));
  }

  @Patch('provider-groups/:id')
  @ApiOkResponse({ type: ProviderGroupDto })
  async updateGroup(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateProviderGroupDto,
  ): Promise<ProviderGroupDto> {
    return toGroupDto(await this.accounts.updateGroup(id, dto));
  }

  @Delete('provider-groups/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeGroup(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.accounts.removeGroup(id);
  }

  /** Totals of the per-user upstream quota: "total used × cost per credit = cost" (notes 000). */
  @Get('quota')
  @ApiOkResponse({ type: QuotaSummaryDto })
  quotaSummary(): Promise<QuotaSummaryDto> {
    return this.quota.summary();
  }
}
