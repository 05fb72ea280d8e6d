import './i18n';
import { Alert, Button } from 'antd';
import Input from 'antd/es/input/Input';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../components/idempotency';
import { Panel } from '../../components/Panel';

/** Redeem a code bought from a storefront: credits (and, for a trial card, an API key shown once). */
export default function RedeemBox() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  // One key per code typed: a double click or a retry of the same code redeems it once.
  const key = useRef<{ code: string; key: string } | null>(null);
  const redeem = useMutation({
    mutationFn: (value: string) => {
      if (key.current?.code !== value) key.current = { code: value, key: newIdempotencyKey() };
      return call('Redeem_redeemCode', { body: { code: value }, headers: { 'Idempotency-Key': key.current.key } });
    },
    onSuccess: () => {
      setCode('');
      void client.invalidateQueries({ queryKey: ['credits'] });
      void client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (value && !redeem.isPending) redeem.mutate(value);
  };
  const result = redeem.data;
  return (
    <Panel title={t('redeem.title')} testId="redeem-box">
      <form onSubmit={submit} style={{ display: 'flex', gap: 8 }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('redeem.placeholder')}
          maxLength={40}
          data-testid="redeem-code"
          aria-label={t('redeem.title')}
        />
        <Button type="primary" htmlType="submit" loading={redeem.isPending} data-testid="redeem-submit">
          {t('redeem.submit')}
        </Button>
      </form>
      {redeem.error && <ErrorAlert error={redeem.error} style={{ marginTop: 12 }} />}
      {result && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="redeem-result"
          title={t('redeem.done', { credits: result.credits, balance: result.available })}
          description={
            <>
              {result.creditsExpireAt && (
                <div>{t('redeem.expires', { date: new Date(result.creditsExpireAt).toLocaleDateString(i18n.language) })}</div>
              )}
              {result.apiKey?.secret && (
                <div style={{ marginTop: 8 }}>
                  <div>{t('redeem.trialKey')}</div>
                  <code data-testid="redeem-key-secret" style={{ wordBreak: 'break-all' }}>
                    {result.apiKey.secret}
                  </code>{' '}
                  <CopyButton text={result.apiKey.secret} />
                  <div>
                    {t('redeem.trialKeyQuota', {
                      quota: result.apiKey.quotaLimit,
                      days: result.apiKey.expiresAfterFirstUseDays ?? '—',
                    })}
                  </div>
                </div>
              )}
            </>
          }
        />
      )}
    </Panel>
  );
}
