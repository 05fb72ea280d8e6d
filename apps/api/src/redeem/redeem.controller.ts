import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles, SkipIdempotency } from '../common/decorators/auth.decorators';
import { PageQueryDto } from '../common/pagination/pagination';
import {
  CreatedRedeemBatchDto,
  CreateRedeemBatchDto,
  ExportQueryDto,
  RedeemBatchDto,
  RedeemBatchPageDto,
  RedeemDto,
  RedeemResultDto,
  UpdateRedeemBatchDto,
} from './dto/redeem.dto';
import { RedeemService } from './redeem.service';

@ApiTags('redemption')
@ApiBearerAuth()
@Controller('redeem')
export class RedeemController {
  constructor(private readonly redeem: RedeemService) {}

  @Post()
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({
    summary: 'Redeem a code: credits as a lot, and for a trial card a new API key whose secret is in this response',
    description:
      'Errors: REDEEM_CODE_MALFORMED (typo, caught by the check character), REDEEM_CODE_UNKNOWN, REDEEM_CODE_USED, ' +
      'REDEEM_CODE_DISABLED, REDEEM_CODE_EXPIRED, REDEEM_LIMIT_REACHED, REDEEM_TOO_MANY_ATTEMPTS (429 after repeated unknown codes).',
  })
  @ApiOkResponse({ type: RedeemResultDto })
  async redeemCode(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RedeemDto,
    @Req() req: Request,
  ): Promise<RedeemResultDto> {
    const r = await this.redeem.redeem(principal.userId, dto.code, req.ip);
    return {
      batchId: r.batchId,
      credits: r.credits,
      available: r.available,
      creditsExpireAt: r.creditsExpireAt,
      apiKey: r.apiKey,
    };
  }
}

@ApiTags('admin: redemption')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/redeem-batches')
export class RedeemAdminController {
  constructor(private readonly redeem: RedeemService) {}

  @Post()
  @SkipIdempotency()
  @ApiOperation({ summary: 'Create a batch of up to 10,000 codes; the plain codes are in this response and in one export only' })
  @ApiCreatedResponse({ type: CreatedRedeemBatchDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateRedeemBatchDto): Promise<CreatedRedeemBatchDto> {
    const { batch, codes } = await this.redeem.createBatch(
      {
        ...dto,
        redeemBy: dto.redeemBy ? new Date(dto.redeemBy) : undefined,
        trial: dto.trial && { ...dto.trial, expiresAt: dto.trial.expiresAt ? new Date(dto.trial.expiresAt) : undefined },
      },
      principal.userId,
    );
    return { ...batch, codes };
  }

  @Get()
  @ApiOkResponse({ type: RedeemBatchPageDto })
  list(@Query() query: PageQueryDto): Promise<RedeemBatchPageDto> {
    return this.redeem.listBatches({ cursor: query.cursor, limit: query.limit ?? 20 });
  }

  @Get(':id')
  @ApiOkResponse({ type: RedeemBatchDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RedeemBatchDto> {
    return this.redeem.getBatch(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Disable (or re-enable) every code of a batch, or disable single codes (`disableCodes`)' })
  @ApiOkResponse({ type: RedeemBatchDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateRedeemBatchDto): Promise<RedeemBatchDto> {
    return this.redeem.updateBatch(id, dto);
  }

  @Get(':id/export')
  @ApiOperation({
    summary: 'The plain codes as CSV or TXT, exactly once (then erased; REDEEM_BATCH_ALREADY_EXPORTED after)',
  })
  @ApiProduces('text/csv', 'text/plain')
  @ApiOkResponse({ description: 'CSV `code,batch,credits,redeem_by` or one code per line' })
  async export(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { batch, codes } = await this.redeem.exportBatch(id);
    const format = query.format ?? 'csv';
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="redeem-${batch.id}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'txt') return `${codes.join('\n')}\n`;
    const name = `"${batch.name.replace(/"/g, '""')}"`;
    const redeemBy = batch.redeemBy ? batch.redeemBy.toISOString() : '';
    return ['code,batch,credits,redeem_by', ...codes.map((c) => `${c},${name},${batch.credits},${redeemBy}`)].join('\n') + '\n';
  }
}
