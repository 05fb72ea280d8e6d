import { theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * The outcome of a flow (paid, order closed): a coloured title, a sentence and actions. Ant
 * Design's Result brings its 403/404/500 illustrations (~10 KB gzip) to every page using it.
 */
export function ResultPanel(props: {
  kind: 'success' | 'warning';
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  const { token } = theme.useToken();
  const color = props.kind === 'success' ? token.colorSuccess : token.colorWarning;
  return (
    <section
      data-testid={props.testId}
      style={{
        textAlign: 'center',
        padding: '40px 16px',
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderTop: `4px solid ${color}`,
        borderRadius: token.borderRadiusLG,
      }}
    >
      <div style={{ fontSize: 24, fontWeight: 600, color }}>{props.title}</div>
      {props.subTitle && <div style={{ marginTop: 8, color: token.colorTextSecondary }}>{props.subTitle}</div>}
      {props.extra && (
        <div style={{ marginTop: 24, display: 'flex', gap: 8, justifyContent: 'center', flexWrap: 'wrap' }}>{props.extra}</div>
      )}
    </section>
  );
}

/** A thin progress bar with its percentage (antd's Progress brings Tooltip and its popup machinery). */
export function ProgressBar({ percent }: { percent: number }) {
  const { token } = theme.useToken();
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <div
        role="progressbar"
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={100}
        style={{ flex: 1, height: 8, borderRadius: 4, background: token.colorFillSecondary, overflow: 'hidden' }}
      >
        <div style={{ width: `${value}%`, height: '100%', background: token.colorPrimary, transition: 'width .3s' }} />
      </div>
      <span style={{ minWidth: 40, textAlign: 'right' }}>{value}%</span>
    </div>
  );
}
