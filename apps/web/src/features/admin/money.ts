/**
 * Money is integer fen everywhere; shown as yuan with integer arithmetic only (no float division,
 * so 0.1 + 0.2 style errors cannot appear): 123456 → "¥1,234.56", -5 → "-¥0.05".
 */
export function formatFen(fen: number): string {
  const negative = fen < 0;
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${yuan}.${digits.slice(-2)}`;
}

/** Basis points (1/100 of a percent) as a percentage: 1234 → "12.34%", null → "—". */
export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  const negative = bp < 0;
  const digits = String(Math.abs(Math.trunc(bp))).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}%`;
}

/**
 * A yuan amount typed by an admin ("12", "12.3", "12.34") as integer fen, by splitting the string —
 * never `parseFloat(x) * 100`. Anything else (more than two decimals, signs, letters) is null.
 */
export function parseYuan(input: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Fen as a plain yuan string for an input field: 1234 → "12.34" (no symbol, no grouping). */
export function fenToYuanInput(fen: number): string {
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A 0–1 ratio as a percent with one decimal, rounded half up on integer tenths: 0.9876 → "98.8%". */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  const tenths = Math.round(ratio * 1000);
  return `${Math.trunc(tenths / 10)}.${Math.abs(tenths % 10)}%`;
}
