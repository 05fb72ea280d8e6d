import { theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/**
 * A titled white box. Ant Design's Card also pulls in Tabs (for its tab list), which would add
 * ~20 KB gzip to every page's first load for a feature we do not use; this keeps its look.
 */
export function Panel({
  title,
  extra,
  children,
  style,
  testId,
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  const { token } = theme.useToken();
  return (
    <section
      data-testid={testId}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        ...style,
      }}
    >
      {(title || extra) && (
        <header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            padding: `12px ${token.paddingLG}px`,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            fontWeight: 600,
            fontSize: token.fontSizeLG,
          }}
        >
          <span>{title}</span>
          {extra && <span style={{ fontWeight: 400, fontSize: token.fontSize }}>{extra}</span>}
        </header>
      )}
      <div style={{ padding: token.paddingLG }}>{children}</div>
    </section>
  );
}

/** Secondary (grey) text, without Typography's ellipsis/copy/edit machinery. */
export function Muted({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  const { token } = theme.useToken();
  return <span style={{ color: token.colorTextSecondary, ...style }}>{children}</span>;
}
