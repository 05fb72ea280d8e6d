import { theme } from 'antd';
import type { InputHTMLAttributes } from 'react';

/**
 * A plain input styled like Ant Design's, for pages near the first-load budget: antd's Input
 * brings its affix/clear/count machinery (~8 KB gzip) for a field that needs none of it.
 */
export function TextInput({ style, ...props }: InputHTMLAttributes<HTMLInputElement> & { 'data-testid'?: string }) {
  const { token } = theme.useToken();
  return (
    <input
      {...props}
      style={{
        width: '100%',
        boxSizing: 'border-box',
        padding: '4px 11px',
        minHeight: token.controlHeight,
        font: 'inherit',
        color: token.colorText,
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorder}`,
        borderRadius: token.borderRadius,
        outlineColor: token.colorPrimary,
        ...style,
      }}
    />
  );
}
