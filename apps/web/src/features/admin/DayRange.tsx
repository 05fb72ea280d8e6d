import { Input } from 'antd';

/**
 * Two day pickers (YYYY-MM-DD, the browser's calendar), each bounded by the other. Their test ids are
 * `${testId}-from` and `${testId}-to`; an emptied picker reports ''.
 */
export function DayRange({
  from,
  to,
  onChange,
  testId,
  labels,
}: {
  from?: string;
  to?: string;
  onChange: (side: 'from' | 'to', day: string) => void;
  testId: string;
  labels?: { from: string; to: string };
}) {
  return (
    <>
      <Input
        type="date"
        data-testid={`${testId}-from`}
        aria-label={labels?.from}
        title={labels?.from}
        value={from ?? ''}
        max={to}
        onChange={(e) => onChange('from', e.target.value)}
        style={{ width: 170 }}
      />
      <span style={{ alignSelf: 'center' }}>—</span>
      <Input
        type="date"
        data-testid={`${testId}-to`}
        aria-label={labels?.to}
        title={labels?.to}
        value={to ?? ''}
        min={from}
        onChange={(e) => onChange('to', e.target.value)}
        style={{ width: 170 }}
      />
    </>
  );
}
