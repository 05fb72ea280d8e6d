import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportRangeQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (inclusive); default 30 days ago' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (inclusive); default yesterday' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to?: string;
}

export class ReportCreditsDto {
  @ApiProperty() sold: number;
  @ApiProperty() purchaseBonus: number;
  @ApiProperty() signupBonus: number;
  @ApiProperty() adminGranted: number;
  @ApiProperty() adminDeducted: number;
  @ApiProperty() consumed: number;
  @ApiProperty() refunded: number;
  @ApiProperty() expired: number;
  @ApiProperty({ description: 'Taken back by order refunds' }) clawedBack: number;
  @ApiProperty({ description: 'Granted by redemption codes (not sold here: not in `sold`, not revenue)' }) redeemed: number;
}

export class RedeemedFiguresDto {
  @ApiProperty({ description: 'Codes redeemed in the day' }) codes: number;
  @ApiProperty({ description: 'Of those, trial cards that created an API key' }) trialKeys: number;
  @ApiProperty({
    description:
      'What the redeemed codes sold for at the outside storefront (batch price × codes), fen. Not in revenue or profit: that money was not taken through ReelMeter',
  })
  storefrontValueFen: number;
  @ApiProperty({ description: 'Codes from batches without a recorded price (0 in the value)' }) unpricedCodes: number;
}

export class AccountCostDto {
  @ApiProperty() accountId: string;
  @ApiProperty() name: string;
  @ApiProperty() costFen: number;
}

export class VideoCountsDto {
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
}

export class TopUserDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() creditsConsumed: number;
}

export class DailyFiguresDto {
  @ApiProperty({ example: '2026-11-22' }) date: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ description: 'Start of the local day (UTC instant)' }) from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Paid orders, fen' }) revenueFen: number;
  @ApiProperty() ordersPaid: number;
  @ApiProperty() refundsFen: number;
  @ApiProperty() ordersRefunded: number;
  @ApiProperty({ type: ReportCreditsDto }) credits: ReportCreditsDto;
  @ApiProperty() upstreamCostFen: number;
  @ApiProperty({ type: [AccountCostDto] }) upstreamCostByAccount: AccountCostDto[];
  @ApiProperty({ type: VideoCountsDto }) videos: VideoCountsDto;
  @ApiProperty({ description: 'revenue − refunds − upstream cost, fen' }) grossProfitFen: number;
  @ApiProperty({ nullable: true, type: Number, description: 'gross profit / net revenue in basis points (1% = 100)' })
  marginBasisPoints: number | null;
  @ApiProperty({ type: [TopUserDto] }) topUsers: TopUserDto[];
  @ApiProperty({ nullable: true, type: Number }) upstreamBalanceFen: number | null;
  @ApiProperty({ type: RedeemedFiguresDto }) redeemed: RedeemedFiguresDto;
}

export class DailyReportDto {
  @ApiProperty({ type: DailyFiguresDto }) figures: DailyFiguresDto;
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ description: 'How many times this date was generated (re-runs replace the figures)' }) generation: number;
}

export class MoneyTotalsDto {
  @ApiProperty() revenueFen: number;
  @ApiProperty() refundsFen: number;
  @ApiProperty() upstreamCostFen: number;
  @ApiProperty() grossProfitFen: number;
  @ApiProperty({ nullable: true, type: Number }) marginBasisPoints: number | null;
  @ApiProperty({ description: 'Credits bought through paid orders' }) creditsSold: number;
  @ApiProperty({ description: 'Credits granted by redemption codes (separate from paid ones)' }) creditsRedeemed: number;
  @ApiProperty() codesRedeemed: number;
  @ApiProperty({ description: 'Storefront value of the redeemed codes, fen (not in revenue)' }) storefrontValueFen: number;
}

export class TodayDto extends MoneyTotalsDto {
  @ApiProperty() date: string;
  @ApiProperty() ordersPaid: number;
  @ApiProperty() creditsConsumed: number;
}

export class MonthDto extends MoneyTotalsDto {
  @ApiProperty() from: string;
}

export class SeriesPointDto {
  @ApiProperty() date: string;
  @ApiProperty({ description: 'False for a past day whose report was never generated (zeros)' }) reported: boolean;
  @ApiProperty() revenueFen: number;
  @ApiProperty() refundsFen: number;
  @ApiProperty() upstreamCostFen: number;
  @ApiProperty() grossProfitFen: number;
  @ApiProperty() videosSucceeded: number;
  @ApiProperty() videosFailed: number;
  @ApiProperty() creditsConsumed: number;
  @ApiProperty() creditsSold: number;
  @ApiProperty() creditsRedeemed: number;
  @ApiProperty({ description: 'Storefront value of codes redeemed that day, fen (not in revenue)' }) storefrontValueFen: number;
}

export class UpstreamSummaryDto {
  @ApiProperty() totalTopUpsFen: number;
  @ApiProperty() costUsedFen: number;
  @ApiProperty() remainingFen: number;
  @ApiProperty({ nullable: true, type: Number }) usageBasisPoints: number | null;
}

export class JobsSummaryDto {
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
  @ApiProperty({ nullable: true, type: Number }) successBasisPoints: number | null;
}

export class TopUserAllTimeDto {
  @ApiProperty() userId: string;
  @ApiProperty() email: string;
  @ApiProperty() creditsUsed: number;
  @ApiProperty() available: number;
}

export class DashboardDto {
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: TodayDto }) today: TodayDto;
  @ApiProperty({ type: MonthDto }) month: MonthDto;
  @ApiProperty({ type: [SeriesPointDto], description: 'The last 30 days, today included (live)' }) series: SeriesPointDto[];
  @ApiProperty({ type: UpstreamSummaryDto, nullable: true }) upstream: UpstreamSummaryDto | null;
  @ApiProperty({ type: JobsSummaryDto, nullable: true, description: 'Videos over the 30 days of the series (stored reports + today)' })
  jobs: JobsSummaryDto | null;
  @ApiProperty({ type: [TopUserAllTimeDto] }) topUsers: TopUserAllTimeDto[];
  @ApiProperty() openAlerts: number;
}
