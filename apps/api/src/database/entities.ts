import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { CreditAccount } from '../credits/entities/credit-account.entity';
import { CreditLedgerEntry } from '../credits/entities/credit-ledger-entry.entity';
import { Setting } from '../settings/setting.entity';
import { User } from '../users/entities/user.entity';

/** Every entity, registered once for the data source (modules still own their own). */
export const ENTITIES = [User, RefreshToken, CreditAccount, CreditLedgerEntry, IdempotencyRecord, Setting];
