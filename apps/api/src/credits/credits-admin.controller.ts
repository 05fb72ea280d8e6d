import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import { CreditsService } from './credits.service';
import { decodeIdCursor } from '../common/pagination/pagination';
import { toLedgerEntryDto, toLedgerPage } from './credits.mapper';
import { AdjustCreditsDto, AdjustResultDto, LedgerPageDto, LedgerQueryDto, LedgerVerificationDto } from './dto/credits.dto';
import { LedgerVerifierService } from './ledger-verifier.service';

@ApiTags('admin: credits')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class CreditsAdminController {
  constructor(
    private readonly credits: CreditsService,
    private readonly verifier: LedgerVerifierService,
  ) {}

  @Post('users/:id/credits/adjust')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: AdjustResultDto })
  async adjust(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() dto: AdjustCreditsDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AdjustResultDto> {
    const { entry } = await this.credits.adjust(undefined, {
      userId,
      delta: dto.delta,
      description: dto.reason,
      actorId: principal.userId,
      reference: idempotencyKey ? { type: 'idempotency', id: `${principal.userId}:${idempotencyKey}` } : undefined,
    });
    return { available: entry.balanceAfter, entry: toLedgerEntryDto(entry) };
  }

  @Get('users/:id/ledger')
  @ApiOkResponse({ type: LedgerPageDto })
  async ledger(@Param('id', new ParseUUIDPipe()) userId: string, @Query() query: LedgerQueryDto): Promise<LedgerPageDto> {
    const limit = query.limit ?? 20;
    const entries = await this.credits.listEntries(userId, {
      beforeId: decodeIdCursor(query.cursor),
      limit: limit + 1,
      kind: query.kind,
    });
    return toLedgerPage(entries, limit);
  }

  @Get('ledger/verify')
  @ApiOkResponse({ type: LedgerVerificationDto })
  verify(): Promise<LedgerVerificationDto> {
    return this.verifier.verify();
  }
}
