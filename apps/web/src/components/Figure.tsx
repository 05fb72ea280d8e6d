import { theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * A labelled number (what Ant Design's Statistic shows, without its loading skeleton and
 * formatter machinery: ~3 KB gzip on the dashboard's first load).
 */
export function Figure(props: { label: ReactNode; value: ReactNode; testId?: string; valueTestId?: string; size?: number }) {
  const { label, value, testId, valueTestId, size = 24 } = props;
  const { token } = theme.useToken();
  return (
    <div data-testid={testId}>
      <div style={{ color: token.colorTextSecondary, marginBottom: 4 }}>{label}</div>
      <div style={{ fontSize: size, fontWeight: 600, lineHeight: 1.3 }} data-testid={valueTestId}>
        {value}
      </div>
    </div>
  );
}
