import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Ant Design's own texts (table filters, pagination, form validation, date pickers, empty states)
 * in the UI language — zh-CN is built into Ant Design.
 *
 * Sections whose components have such texts wrap themselves in this (the admin section does). It
 * lives in their lazy chunks on purpose: ConfigProvider brings the popup/trigger machinery and the
 * locale packs (~15 KB gzip), which the user pages do not need — they use no component with
 * built-in text.
 */
export function AntdLocale({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>{children}</ConfigProvider>;
}
