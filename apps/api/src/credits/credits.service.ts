import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerKind, MAX_CREDIT_AMOUNT } from '@reelmeter/shared';
import { ApiKeyUsageService } from '../api-keys/api-key-usage.service';
import { isUniqueViolation } from '../common/database/sql';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { PricingService } from '../video-generation/pricing/pricing.service';
import { CreditsRepository } from './credits.repository';
import { BalanceView, CreditMovement, LedgerEntryView, LedgerReference, MovementResult, TotalColumn } from './credits.types';

/** Kinds that add credits and the total they count towards. */
const GRANT_KINDS = {
  signup_bonus: 'total_granted',
  purchase: 'total_granted',
  purchase_bonus: 'total_granted',
  redeem: 'total_granted',
  refund: 'total_refunded',
} as const satisfies Partial<Record<LedgerKind, TotalColumn>>;
export type GrantKind = keyof typeof GRANT_KINDS;

const SAVEPOINT = 'credit_movement';
const DAY_MS = 86_400_000;
const SWEEP_BATCH = 200;

/**
 * Every change of a balance goes through here: one conditional UPDATE of the account and one
 * ledger row, in the caller's transaction. A movement with a reference applies at most once,
 * enforced by the ledger's unique index (not by a lookup): a duplicate rolls back to a savepoint
 * and returns the row that was applied first.
 */
@Injectable()
export class CreditsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CreditsRepository,
    private readonly keyUsage: ApiKeyUsageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pricing: PricingService,
  ) {}

  /** The price-table price of a paid action (script, character…); VALIDATION_FAILED when it has none. */
  async priceOfAction(action: string): Promise<number> {
    const price = await this.pricing.actionPrice(action);
    if (price !== undefined) return price;
    const offered = (await this.pricing.table()).actions.map((a) => a.action);
    throw new DomainException(
      'VALIDATION_FAILED',
      `action ${action} has no price; send amount, or use one of: ${offered.join(', ') || 'none'}`,
      { offered },
    );
  }

  /** Runs `work` in the caller's transaction when given one, otherwise in a new transaction. */
  inTransaction<T>(em: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (em?.queryRunner?.isTransactionActive) return work(em);
    return this.dataSource.transaction(work);
  }

  openAccount(em: EntityManager, userId: string): Promise<void> {
    return this.repository.openAccount(em, userId);
  }

  grant(em: EntityManager | undefined, kind: GrantKind, movement: CreditMovement): Promise<MovementResult> {
    assertAmount(movement.amount);
    return this.inTransaction(em, (tx) => this.apply(tx, kind, movement.amount, GRANT_KINDS[kind], movement));
  }

  /**
   * Spends credits; throws INSUFFICIENT_CREDITS (nothing changed) when the balance is short. Inside
   * the caller's transaction it runs under a savepoint like every movement; on its own it is one
   * statement (the `credit_consume` function), which is the hot path of the consume API.
   */
  consume(em: EntityManager | undefined, movement: CreditMovement): Promise<MovementResult> {
    assertAmount(movement.amount);
    if (em?.queryRunner?.isTransactionActive) {
      return this.apply(em, 'consume', -movement.amount, 'total_used', movement, movement.amount);
    }
    return this.consumeOnce(undefined, movement);
  }

  /**
   * Spends credits inside the caller's transaction for a reference that cannot have been charged
   * before (a job created in that transaction): one statement (`credit_consume`) instead of a savepoint
   * and four. A duplicate reference aborts the caller's transaction instead of being answered with the
   * first charge, which for a fresh reference cannot happen.
   */
  consumeNew(em: EntityManager, movement: CreditMovement & { reference: LedgerReference }): Promise<MovementResult> {
    assertAmount(movement.amount);
    return this.consumeStatement(em, movement);
  }

  /**
   * Spends credits on behalf of a request. Through an API key the key's quota is charged too, in the
   * same transaction, so either both move or neither does (over quota → API_KEY_QUOTA_EXCEEDED, the
   * balance untouched). A replay of an already-applied movement charges neither again.
   */
  consumeVia(apiKeyId: string | undefined, movement: CreditMovement): Promise<MovementResult> {
    assertAmount(movement.amount);
    return this.consumeOnce(apiKeyId, movement);
  }

  /**
   * One consumption with no savepoint: the single statement alone, or with an API key the statement
   * and the key's charge in one short transaction. A duplicate reference aborts that statement (or
   * transaction) and is answered, after it is gone, with the row that was applied first.
   */
  private async consumeOnce(apiKeyId: string | undefined, movement: CreditMovement): Promise<MovementResult> {
    try {
      if (!apiKeyId) return await this.consumeStatement(this.dataSource.manager, movement);
      return await this.dataSource.transaction(async (em) => {
        const result = await this.consumeStatement(em, movement);
        if (result.applied) await this.keyUsage.charge(em, apiKeyId, movement.amount);
        return result;
      });
    } catch (error) {
      if (movement.reference && isUniqueViolation(error, 'credit_ledger_reference_key')) {
        const first = await this.repository.findByReference(
          this.dataSource.manager,
          movement.userId,
          'consume',
          movement.reference,
        );
        if (first) return { entry: first, applied: false };
      }
      throw error;
    }
  }

  private async consumeStatement(em: EntityManager, movement: CreditMovement): Promise<MovementResult> {
    const outcome = await this.repository.consume(em, movement);
    if (outcome && 'entry' in outcome) return { entry: outcome.entry, applied: true };
    if (movement.reference) {
      const first = await this.repository.findByReference(em, movement.userId, 'consume', movement.reference);
      if (first) return { entry: first, applied: false };
    }
    if (!outcome) throw notFound('Credit account');
    throw insufficientCredits(outcome.refused, movement.amount);
  }

  /** Gives back credits for something that was consumed and did not happen (a failed job…). */
  refund(em: EntityManager | undefined, movement: CreditMovement): Promise<MovementResult> {
    return this.grant(em, 'refund', movement);
  }

  /** An admin's correction, up or down, always with a reason. Down never goes below zero. */
  adjust(
    em: EntityManager | undefined,
    movement: Omit<CreditMovement, 'amount'> & { delta: number; actorId: string; description: string },
  ): Promise<MovementResult> {
    assertAmount(Math.abs(movement.delta));
    const { delta } = movement;
    return this.inTransaction(em, (tx) =>
      delta > 0
        ? this.apply(tx, 'admin_adjust', delta, 'total_granted', movement)
        : this.apply(tx, 'admin_adjust', delta, 'total_deducted', movement, -delta),
    );
  }

  /**
   * Takes back up to `movement.amount` (an order refund): whatever is available, never below zero.
   * Returns how much was taken; 0 means nothing was there and no ledger row was written. With a
   * reference it applies at most once (a repeat returns the first result).
   */
  clawBack(em: EntityManager | undefined, movement: CreditMovement): Promise<{ taken: number; applied: boolean }> {
    assertAmount(movement.amount);
    return this.inTransaction(em, async (tx) => {
      if (movement.reference) {
        const first = await this.repository.findByReference(tx, movement.userId, 'order_refund', movement.reference);
        if (first) return { taken: -first.amount, applied: false };
      }
      const available = await this.repository.lockAvailable(tx, movement.userId);
      if (available === undefined) throw notFound('Credit account');
      const take = Math.min(available, movement.amount);
      if (take === 0) return { taken: 0, applied: true };
      const result = await this.apply(tx, 'order_refund', -take, 'total_deducted', movement, take);
      return { taken: -result.entry.amount, applied: result.applied };
    });
  }

  async balance(userId: string, em: EntityManager = this.dataSource.manager): Promise<BalanceView> {
    const balance = await this.repository.balance(em, userId);
    if (!balance) throw notFound('Credit account');
    return { ...balance, expiring: await this.repository.expiring(em, userId) };
  }

  /**
   * The daily sweep: every lot whose expiry has passed loses what is left of it, with one `expire`
   * ledger row per lot (referenced by the lot, so a re-run or a concurrent run expires it once).
   * Each lot is its own short transaction that locks the account first, like consumption does.
   */
  async expireLots(now = new Date()): Promise<{ lots: number; credits: number }> {
    const result = { lots: 0, credits: 0 };
    for (;;) {
      const due = await this.repository.dueLots(this.dataSource.manager, now, SWEEP_BATCH);
      let progressed = false;
      for (const lot of due) {
        const expired = await this.dataSource.transaction(async (em) => {
          await this.repository.lockAvailable(em, lot.userId);
          const current = await this.repository.lockLot(em, lot.id);
          if (!current || current.remaining === 0 || !current.expiresAt || current.expiresAt > now) return 0;
          await this.apply(
            em,
            'expire',
            -current.remaining,
            'total_expired',
            {
              userId: lot.userId,
              reference: { type: 'credit_lot', id: lot.id },
              description: `Credits expired on ${current.expiresAt.toISOString().slice(0, 10)}`,
            },
            current.remaining,
            lot.id,
          );
          return current.remaining;
        });
        if (expired > 0) {
          progressed = true;
          result.lots += 1;
          result.credits += expired;
        }
      }
      if (due.length < SWEEP_BATCH || !progressed) return result;
    }
  }

  /** When credits of a grant expire unless the caller says: sign-up bonus per configuration, others never. */
  private defaultExpiry(kind: LedgerKind): Date | null {
    const days = kind === 'signup_bonus' ? this.config.credits.signupBonusValidityDays : undefined;
    return days ? new Date(Date.now() + days * DAY_MS) : null;
  }

  listEntries(userId: string, options: { beforeId?: string; limit: number; kind?: LedgerKind }) {
    return this.repository.listEntries(this.dataSource.manager, userId, options);
  }

  async stats(userId: string, from: Date, to: Date) {
    const rows = await this.repository.statsByAction(this.dataSource.manager, userId, from, to);
    const byAction = new Map<string, { action: string; count: number; consumed: number; refunded: number }>();
    for (const row of rows) {
      const item = byAction.get(row.action) ?? { action: row.action, count: 0, consumed: 0, refunded: 0 };
      if (row.kind === 'consume') {
        item.count += row.count;
        item.consumed += row.credits;
      } else {
        item.refunded += row.credits;
      }
      byAction.set(row.action, item);
    }
    const items = [...byAction.values()].map((i) => ({ ...i, net: i.consumed - i.refunded }));
    return {
      from,
      to,
      totalConsumed: items.reduce((s, i) => s + i.consumed, 0),
      totalRefunded: items.reduce((s, i) => s + i.refunded, 0),
      byAction: items,
    };
  }

  private async apply(
    em: EntityManager,
    kind: LedgerKind,
    delta: number,
    total: TotalColumn,
    movement: Omit<CreditMovement, 'amount'>,
    requireAvailable?: number,
    /** For `expire`: the one lot being expired (otherwise debits drain lots soonest-first). */
    expiringLotId?: string,
  ): Promise<MovementResult> {
    await em.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const balanceAfter = await this.repository.moveBalance(em, movement.userId, delta, total, requireAvailable);
      if (balanceAfter === undefined) {
        await em.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        return await this.explainRefusal(em, kind, movement, requireAvailable ?? 0);
      }
      const entry = await this.repository.insertEntry(em, {
        userId: movement.userId,
        kind,
        amount: delta,
        balanceAfter,
        action: movement.action,
        description: movement.description,
        reference: movement.reference,
        actorId: movement.actorId,
      });
      await this.moveLots(em, kind, delta, movement, entry.id, expiringLotId);
      await em.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return { entry, applied: true };
    } catch (error) {
      if (movement.reference && isUniqueViolation(error, 'credit_ledger_reference_key')) {
        await em.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        const first = await this.repository.findByReference(em, movement.userId, kind, movement.reference);
        if (first) return { entry: first, applied: false };
      }
      throw error;
    }
  }

  /**
   * Keeps lots in step with the balance, in the same transaction: a grant opens a lot, a debit
   * drains lots soonest-expiring first (an order refund takes that order's lots first).
   */
  private async moveLots(
    em: EntityManager,
    kind: LedgerKind,
    delta: number,
    movement: Omit<CreditMovement, 'amount'>,
    entryId: string,
    expiringLotId?: string,
  ): Promise<void> {
    if (delta > 0) {
      await this.repository.insertLot(em, {
        userId: movement.userId,
        sourceKind: kind,
        ledgerEntryId: entryId,
        amount: delta,
        reference: movement.reference,
        expiresAt: movement.expiresAt === undefined ? this.defaultExpiry(kind) : movement.expiresAt,
      });
      return;
    }
    if (expiringLotId) {
      await this.repository.emptyLot(em, expiringLotId, true);
      return;
    }
    const taken = await this.repository.drainLots(
      em,
      movement.userId,
      -delta,
      kind === 'order_refund' ? movement.reference : undefined,
    );
    if (taken !== -delta) {
      throw new Error(`Credit lots of account ${movement.userId} cover ${taken} of a ${-delta} credit debit`);
    }
  }

  /** The conditional update changed nothing: already applied, no account, or not enough credits. */
  private async explainRefusal(
    em: EntityManager,
    kind: LedgerKind,
    movement: Omit<CreditMovement, 'amount'>,
    required: number,
  ): Promise<MovementResult> {
    if (movement.reference) {
      const first = await this.repository.findByReference(em, movement.userId, kind, movement.reference);
      if (first) return { entry: first, applied: false };
    }
    const balance = await this.repository.balance(em, movement.userId);
    if (!balance) throw notFound('Credit account');
    throw insufficientCredits(balance.available, required);
  }
}

export function insufficientCredits(available: number, required: number): DomainException {
  return new DomainException('INSUFFICIENT_CREDITS', `Insufficient credits: ${available} available, ${required} required`, {
    available,
    required,
  });
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_CREDIT_AMOUNT) {
    throw new DomainException('VALIDATION_FAILED', `amount must be a whole number from 1 to ${MAX_CREDIT_AMOUNT}`, {
      amount,
    });
  }
}

export type { LedgerEntryView };
