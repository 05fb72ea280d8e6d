import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/**
 * One button naming the other language ("EN" while in Chinese, "中文" while in English); the
 * choice is remembered for the next visit. (A plain button: antd's Segmented pulls in Tooltip
 * and, through it, the form machinery — ~30 KB gzip on every page's first load.)
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other = LANGUAGES.find((l) => l.code !== i18n.language) ?? LANGUAGES[0];
  return (
    <Button
      size="small"
      type="text"
      lang={other.code}
      title={`${t('nav.language')}: ${other.label}`}
      aria-label={`${t('nav.language')}: ${other.label}`}
      data-testid="language-switch"
      data-lang={i18n.language}
      onClick={() => setLanguage(other.code as Language)}
    >
      {other.short}
    </Button>
  );
}
