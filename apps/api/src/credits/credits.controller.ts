import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { AllowApiKey, CurrentPrincipal } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { CreditsService } from './credits.service';
import { decodeIdCursor } from '../common/pagination/pagination';
import { toLedgerPage } from './credits.mapper';
import {
  BalanceDto,
  ConsumeCreditsDto,
  ConsumeResultDto,
  LedgerPageDto,
  LedgerQueryDto,
  StatsDto,
  StatsQueryDto,
} from './dto/credits.dto';

const DAY_MS = 86_400_000;

@ApiTags('credits')
@ApiBearerAuth()
@Controller('credits')
export class CreditsController {
  constructor(private readonly credits: CreditsService) {}

  @Get('balance')
  @AllowApiKey()
  @ApiOkResponse({ type: BalanceDto })
  balance(@CurrentPrincipal() principal: Principal): Promise<BalanceDto> {
    return this.credits.balance(principal.userId);
  }

  @Get('ledger')
  @AllowApiKey()
  @ApiOkResponse({ type: LedgerPageDto, description: 'Newest first' })
  async ledger(@CurrentPrincipal() principal: Principal, @Query() query: LedgerQueryDto): Promise<LedgerPageDto> {
    const limit = query.limit ?? 20;
    const entries = await this.credits.listEntries(principal.userId, {
      beforeId: decodeIdCursor(query.cursor),
      limit: limit + 1,
      kind: query.kind,
    });
    return toLedgerPage(entries, limit);
  }

  @Post('consume')
  @AllowApiKey()
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key charge once' })
  @ApiOkResponse({ type: ConsumeResultDto })
  async consume(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ConsumeCreditsDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ConsumeResultDto> {
    const amount = dto.amount ?? (await this.credits.priceOfAction(dto.action));
    const { entry } = await this.credits.consumeVia(principal.apiKeyId, {
      userId: principal.userId,
      amount,
      action: dto.action,
      description: dto.description,
      actorId: principal.userId,
      reference: idempotencyKey ? { type: 'idempotency', id: idempotencyKey } : undefined,
    });
    return { available: entry.balanceAfter, consumed: -entry.amount, ledgerEntryId: entry.id };
  }

  @Get('stats')
  @AllowApiKey()
  @ApiOkResponse({ type: StatsDto, description: 'Credits consumed and refunded per action in [from, to)' })
  stats(@CurrentPrincipal() principal: Principal, @Query() query: StatsQueryDto): Promise<StatsDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new DomainException('VALIDATION_FAILED', 'from must be before to');
    return this.credits.stats(principal.userId, from, to);
  }

  @Delete('ledger/:id')
  @ApiForbiddenResponse({ description: 'Always: LEDGER_IMMUTABLE' })
  deleteEntry(@Param('id') _id: string): never {
    throw new DomainException(
      'LEDGER_IMMUTABLE',
      'Ledger entries are permanent and cannot be deleted; a correction is made by an admin adjustment',
    );
  }
}
