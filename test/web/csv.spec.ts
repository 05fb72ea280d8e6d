import { csvField, ledgerToCsv } from '../../apps/web/src/features/credits/csv';

describe('credit history CSV', () => {
  it('quotes fields that need it and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5 credits')).toBe("'-5 credits");
    expect(csvField(-5)).toBe('-5'); // numbers stay numbers
    expect(csvField(null)).toBe('');
  });

  it('writes a BOM, a header and one CRLF line per entry', () => {
    const csv = ledgerToCsv([
      {
        id: '7',
        kind: 'consume',
        amount: -15,
        balanceAfter: 505,
        action: 'video',
        description: '视频, 8 秒',
        referenceType: 'video',
        referenceId: 'abc',
        createdAt: '2026-11-23T10:00:00.000Z',
      },
    ]);
    expect(csv).toBe(
      '\uFEFFid,createdAt,kind,amount,balanceAfter,action,description,referenceType,referenceId\r\n' +
        '7,2026-11-23T10:00:00.000Z,consume,-15,505,video,"视频, 8 秒",video,abc\r\n',
    );
  });
});
