import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a text (a key's secret) to the clipboard and says so. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="small"
      data-testid={testId}
      onClick={() =>
        void navigator.clipboard
          .writeText(text)
          .then(() => setCopied(true))
          .catch(() => setCopied(false))
      }
    >
      {copied ? t('common.copied') : t('common.copy')}
    </Button>
  );
}
