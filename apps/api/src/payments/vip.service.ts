import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { DomainException } from '../common/errors/domain.exception';
import { SettingsService } from '../settings/settings.service';

export interface VipLevel {
  level: string;
  /** Cumulative paid amount (fen) from which the level applies. */
  minPaidFen: number;
  /** Extra credits on each purchase, in percent of the package's credits (rounded down). */
  bonusPercent: number;
}

export interface VipStatus {
  level: string | null;
  bonusPercent: number;
  paidTotalFen: number;
  next: { level: string; minPaidFen: number } | null;
}

export const VIP_LEVELS_SETTING = 'payments.vip_levels';
/** The design notes: gold members get +20%. Admins change the table in settings. */
export const DEFAULT_VIP_LEVELS: VipLevel[] = [
  { level: 'silver', minPaidFen: 100_000, bonusPercent: 10 },
  { level: 'gold', minPaidFen: 300_000, bonusPercent: 20 },
];

/** VIP level by cumulative paid amount (paid orders, refunded ones excluded). */
@Injectable()
export class VipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async levels(em: EntityManager = this.dataSource.manager): Promise<VipLevel[]> {
    const levels = await this.settings.get<VipLevel[]>(VIP_LEVELS_SETTING, DEFAULT_VIP_LEVELS, em);
    return [...levels].filter(isValidLevel).sort((a, b) => a.minPaidFen - b.minPaidFen);
  }

  async setLevels(levels: VipLevel[], actorId: string): Promise<VipLevel[]> {
    const names = new Set(levels.map((l) => l.level));
    const thresholds = new Set(levels.map((l) => l.minPaidFen));
    if (names.size !== levels.length || thresholds.size !== levels.length) {
      throw new DomainException('VALIDATION_FAILED', 'VIP level names and thresholds must be unique');
    }
    const sorted = [...levels]
      .sort((a, b) => a.minPaidFen - b.minPaidFen)
      .map(({ level, minPaidFen, bonusPercent }) => ({ level, minPaidFen, bonusPercent }));
    await this.settings.set(VIP_LEVELS_SETTING, sorted, actorId);
    return sorted;
  }

  async status(userId: string, em: EntityManager = this.dataSource.manager): Promise<VipStatus> {
    const [row] = await queryRows<{ total: string }>(
      em,
      `SELECT coalesce(sum(amount_fen), 0) AS total FROM payment_orders WHERE user_id = $1 AND status = 'paid'`,
      [userId],
    );
    const paidTotalFen = toSafeInt(row.total);
    const levels = await this.levels(em);
    const current = [...levels].reverse().find((l) => paidTotalFen >= l.minPaidFen);
    const next = levels.find((l) => paidTotalFen < l.minPaidFen);
    return {
      level: current?.level ?? null,
      bonusPercent: current?.bonusPercent ?? 0,
      paidTotalFen,
      next: next ? { level: next.level, minPaidFen: next.minPaidFen } : null,
    };
  }
}

/** Whole credits, rounded down: 150 credits at 20% → 30; 49 at 10% → 4. */
export function vipBonus(credits: number, bonusPercent: number): number {
  return Math.floor((credits * bonusPercent) / 100);
}

function isValidLevel(l: VipLevel): boolean {
  return (
    typeof l?.level === 'string' &&
    Number.isSafeInteger(l.minPaidFen) &&
    Number.isInteger(l.bonusPercent) &&
    l.bonusPercent >= 0 &&
    l.bonusPercent <= 1000
  );
}
