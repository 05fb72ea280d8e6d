import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
} from 'class-validator';
import { LEDGER_KINDS, LedgerKind, MAX_CREDIT_AMOUNT } from '@reelmeter/shared';

export class ConsumeCreditsDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CREDIT_AMOUNT,
    example: 10,
    description: 'Whole credits to spend; omit it to pay the price of a paid action from GET /pricing (script, character)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CREDIT_AMOUNT)
  amount?: number;

  @ApiProperty({
    example: 'script',
    maxLength: 64,
    pattern: '^[a-z][a-z0-9_.:-]{0,63}$',
    description: 'What the credits pay for (grouped in stats)',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9_.:-]{0,63}$/, { message: 'action must be lower-case letters, digits and _ . : - (max 64)' })
  action: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEDGER_KINDS })
  @IsOptional()
  @IsIn(LEDGER_KINDS)
  kind?: LedgerKind;
}

export class StatsQueryDto {
  @ApiPropertyOptional({ description: 'Start (inclusive), ISO 8601; default 30 days ago', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End (exclusive), ISO 8601; default now', example: '2026-12-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AdjustCreditsDto {
  @ApiProperty({ description: 'Credits to add (positive) or take away (negative); never below zero', example: 100 })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_CREDIT_AMOUNT)
  @Max(MAX_CREDIT_AMOUNT)
  delta: number;

  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Compensation for failed job on 11-20' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class ExpiringCreditsDto {
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'Credits that expire then unless spent first' }) credits: number;
}

export class BalanceDto {
  @ApiProperty() available: number;
  @ApiProperty() totalGranted: number;
  @ApiProperty() totalUsed: number;
  @ApiProperty() totalRefunded: number;
  @ApiProperty() totalExpired: number;
  @ApiProperty({ description: 'Taken back by order refunds and admin deductions' }) totalDeducted: number;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({
    type: [ExpiringCreditsDto],
    description: 'What expires when, soonest first (spending uses the soonest-expiring credits first)',
  })
  expiring: ExpiringCreditsDto[];
}

export class LedgerEntryDto {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty({ enum: LEDGER_KINDS }) kind: LedgerKind;
  @ApiProperty({ description: 'Signed: + added, − removed' }) amount: number;
  @ApiProperty() balanceAfter: number;
  @ApiProperty({ nullable: true, type: String }) action: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'order' }) referenceType: string | null;
  @ApiProperty({ nullable: true, type: String }) referenceId: string | null;
  @ApiProperty() createdAt: Date;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) items: LedgerEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor: string | null;
}

export class ConsumeResultDto {
  @ApiProperty() available: number;
  @ApiProperty() consumed: number;
  @ApiProperty() ledgerEntryId: string;
}

export class ActionStatsDto {
  @ApiProperty() action: string;
  @ApiProperty() count: number;
  @ApiProperty() consumed: number;
  @ApiProperty() refunded: number;
  @ApiProperty() net: number;
}

export class StatsDto {
  @ApiProperty() from: Date;
  @ApiProperty() to: Date;
  @ApiProperty() totalConsumed: number;
  @ApiProperty() totalRefunded: number;
  @ApiProperty({ type: [ActionStatsDto] }) byAction: ActionStatsDto[];
}

export class AdjustResultDto {
  @ApiProperty() available: number;
  @ApiProperty({ type: LedgerEntryDto }) entry: LedgerEntryDto;
}

export class LedgerProblemDto {
  @ApiProperty() userId: string;
  @ApiProperty() problem: string;
  @ApiProperty() expected: number;
  @ApiProperty() actual: number;
}

export class LedgerVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() accountsChecked: number;
  @ApiProperty() entriesChecked: number;
  @ApiProperty({ type: [LedgerProblemDto] }) problems: LedgerProblemDto[];
}
