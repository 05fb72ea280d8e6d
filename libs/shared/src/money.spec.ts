import { fenToYuanString, yuanStringToFen } from './money';

describe('money conversion', () => {
  it.each([
    ['49.00', 4900],
    ['49', 4900],
    ['0.01', 1],
    ['0.1', 10],
    ['299.99', 29999],
  ])('%s yuan is %d fen', (yuan, fen) => {
    expect(yuanStringToFen(yuan)).toBe(fen);
    expect(yuanStringToFen(fenToYuanString(fen))).toBe(fen);
  });

  it('rejects values that are not plain yuan amounts', () => {
    for (const bad of ['', '1.234', '-1', '1e3', 'abc', '0x10']) {
      expect(() => yuanStringToFen(bad)).toThrow(RangeError);
    }
  });

  it('formats negatives and small amounts', () => {
    expect(fenToYuanString(-5)).toBe('-0.05');
    expect(fenToYuanString(100)).toBe('1.00');
  });
});
