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
