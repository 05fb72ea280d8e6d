import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../common/database/bigint.transformer';

const credits = { type: 'bigint' as const, transformer: bigintTransformer };

/**
 * A user's balance. Identity: available = granted + refunded − used − expired − deducted,
 * and available = Σ ledger amounts = newest balance_after (checked by ledger verification).
 */
@Entity('credit_accounts')
export class CreditAccount {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column(credits)
  available: number;

  @Column({ name: 'total_granted', ...credits })
  totalGranted: number;

  @Column({ name: 'total_used', ...credits })
  totalUsed: number;

  @Column({ name: 'total_refunded', ...credits })
  totalRefunded: number;

  @Column({ name: 'total_expired', ...credits })
  totalExpired: number;

  /** Credits taken back: order refunds and negative admin adjustments. */
  @Column({ name: 'total_deducted', ...credits })
  totalDeducted: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
