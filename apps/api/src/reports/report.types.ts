import type { EntityManager } from 'typeorm';

/** One day's figures. Money in fen, credits in credits; margin in basis points (1 % = 100). */
export interface DailyFigures {
  date: string;
  timeZone: string;
  from: string;
  to: string;
  revenueFen: number;
  ordersPaid: number;
  refundsFen: number;
  ordersRefunded: number;
  credits: {
    sold: number;
    purchaseBonus: number;
    signupBonus: number;
    adminGranted: number;
    adminDeducted: number;
    consumed: number;
    refunded: number;
    expired: number;
    clawedBack: number;
    /** Granted by redemption codes: not bought here, so not in `sold` and not revenue. */
    redeemed: number;
  };
  /**
   * Redemption codes redeemed in the day. Their money was taken by an outside storefront (at a time
   * ReelMeter does not know), so it is not in `revenueFen` or the profit; `storefrontValueFen` is
   * what the redeemed codes sold for, at the price the operator recorded on each batch.
   */
  redeemed: {
    codes: number;
    trialKeys: number;
    storefrontValueFen: number;
    /** Codes from batches without a recorded price (counted as 0 in the value). */
    unpricedCodes: number;
  };
  upstreamCostFen: number;
  upstreamCostByAccount: { accountId: string; name: string; costFen: number }[];
  videos: { succeeded: number; failed: number };
  grossProfitFen: number;
  /** null when there was no revenue. */
  marginBasisPoints: number | null;
  topUsers: { userId: string; email: string; creditsConsumed: number }[];
  /** Sum of upstream account balances at the end of the day, when known. */
  upstreamBalanceFen: number | null;
}

export interface ReportRange {
  date: string;
  timeZone: string;
  from: Date;
  to: Date;
}

/**
 * Modules that own figures (video jobs: videos and upstream cost; upstream accounts: balances)
 * register a contributor; their part is merged into the day's figures before profit is computed.
 */
export interface ReportContributor {
  name: string;
  contribute(
    range: ReportRange,
    em: EntityManager,
  ): Promise<Partial<Pick<DailyFigures, 'upstreamCostFen' | 'upstreamCostByAccount' | 'videos' | 'upstreamBalanceFen' | 'redeemed'>>>;
}

export function marginBasisPoints(profitFen: number, revenueFen: number): number | null {
  if (revenueFen <= 0) return null;
  // Integer rounding, half away from zero: profit × 10000 / revenue.
  const scaled = profitFen * 10_000;
  const q = Math.trunc(scaled / revenueFen);
  const r = scaled - q * revenueFen;
  return Math.abs(2 * r) >= revenueFen ? q + Math.sign(scaled) : q;
}

export const NO_REDEMPTIONS: DailyFigures['redeemed'] = { codes: 0, trialKeys: 0, storefrontValueFen: 0, unpricedCodes: 0 };

/** Reports stored before a figure existed read as zero for it. */
export function withDefaults(figures: DailyFigures): DailyFigures {
  return {
    ...figures,
    credits: { ...figures.credits, redeemed: figures.credits.redeemed ?? 0 },
    redeemed: { ...NO_REDEMPTIONS, ...figures.redeemed },
  };
}
