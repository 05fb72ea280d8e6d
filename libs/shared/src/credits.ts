/** Kinds of ledger entries. Positive kinds add credits, negative kinds remove them. */
export const LEDGER_KINDS = [
  'signup_bonus',
  'purchase',
  'purchase_bonus',
  'consume',
  'refund',
  'admin_adjust',
  'expire',
  'order_refund',
  'redeem',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The largest single credit movement the API accepts; keeps every sum far inside 2^53. */
export const MAX_CREDIT_AMOUNT = 1_000_000_000;

export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PAYMENT_CHANNELS = ['alipay', 'wechat', 'sandbox'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export const ORDER_STATUSES = ['pending', 'paid', 'closed', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
