import type { LedgerKind } from '@reelmeter/shared';

/** What a ledger row references: the order, job, idempotency key… that caused it. */
export interface LedgerReference {
  type: string;
  id: string;
}

export interface CreditMovement {
  userId: string;
  /** Always a positive whole number; the kind decides the sign. */
  amount: number;
  reference?: LedgerReference;
  action?: string;
  description?: string;
  actorId?: string;
  /**
   * Grants only: when the credits of this grant expire (null or absent = never). Each grant is a
   * lot; consumption takes the soonest-expiring lots first.
   */
  expiresAt?: Date | null;
}

export interface LedgerEntryView {
  id: string;
  userId: string;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  action: string | null;
  description: string | null;
  referenceType: string | null;
  referenceId: string | null;
  actorId: string | null;
  createdAt: Date;
}

export interface MovementResult {
  entry: LedgerEntryView;
  /** False when the same reference had already been applied; `entry` is then the earlier row. */
  applied: boolean;
}

export interface BalanceView {
  available: number;
  totalGranted: number;
  totalUsed: number;
  totalRefunded: number;
  totalExpired: number;
  totalDeducted: number;
  updatedAt: Date;
  /** Credits that will expire, by expiry time, soonest first (never-expiring credits are not listed). */
  expiring: { expiresAt: Date; credits: number }[];
}

/** Which running total each kind of movement feeds. */
export type TotalColumn = 'total_granted' | 'total_used' | 'total_refunded' | 'total_expired' | 'total_deducted';
