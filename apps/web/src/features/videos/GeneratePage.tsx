import './i18n';
import { Button, Radio, Spin, theme } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { call } from '../../api/client';
import type { CreateVideoDto } from '../../api/generated/openapi';
import { useBalance } from '../../api/hooks';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../components/idempotency';
import { Muted, Panel } from '../../components/Panel';
import { videoKey } from './video-key';

/** Prompt, model, duration, orientation; the price and the balance after before submitting. */
export default function GeneratePage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const client = useQueryClient();
  const pricing = useQuery({ queryKey: ['pricing'], queryFn: ({ signal }) => call('Videos_prices', { signal }) });
  const balance = useBalance();
  const prices = useMemo(() => (pricing.data?.videos ?? []).filter((p) => p.active), [pricing.data]);
  const models = [...new Set(prices.map((p) => p.model))];
  const [prompt, setPrompt] = useState('');
  const [model, setModel] = useState<string | null>(null);
  const [duration, setDuration] = useState<number | null>(null);
  const [orientation, setOrientation] = useState<CreateVideoDto['orientation']>('landscape');
  const [touched, setTouched] = useState(false);

  const chosenModel = model && models.includes(model) ? model : models[0];
  const durations = prices.filter((p) => p.model === chosenModel).map((p) => p.durationSeconds);
  const chosenDuration = duration && durations.includes(duration) ? duration : durations[0];
  const price = prices.find((p) => p.model === chosenModel && p.durationSeconds === chosenDuration)?.credits;
  const available = balance.data?.available;
  const after = price !== undefined && available !== undefined ? available - price : undefined;

  // The key belongs to this exact request: a double click or a retry sends it again and the server
  // answers with the first job (charged once); changing any field makes it a new request.
  const body: CreateVideoDto | null =
    chosenModel && chosenDuration
      ? { prompt: prompt.trim(), model: chosenModel, durationSeconds: chosenDuration, orientation }
      : null;
  const intent = useRef<{ body: string; key: string } | null>(null);
  const create = useMutation({
    mutationFn: (request: CreateVideoDto) => {
      const serialized = JSON.stringify(request);
      if (intent.current?.body !== serialized) intent.current = { body: serialized, key: newIdempotencyKey() };
      return call('Videos_create', { body: request, headers: { 'Idempotency-Key': intent.current.key } });
    },
    onSuccess: (job) => {
      intent.current = null;
      client.setQueryData(videoKey(job.id), job);
      void client.invalidateQueries({ queryKey: ['credits'] });
      void client.invalidateQueries({ queryKey: ['videos', 'list'] });
      void navigate(`${ROUTES.videos}/${job.id}`);
    },
  });
  const submit = () => {
    setTouched(true);
    if (body && body.prompt && !create.isPending) create.mutate(body);
  };
  const promptError = touched && !prompt.trim();

  if (pricing.error) return <ErrorAlert error={pricing.error} onRetry={() => void pricing.refetch()} />;
  if (pricing.isPending) return <Spin />;
  return (
    <Panel title={t('video.generateTitle')} testId="generate-page">
      {!models.length ? (
        <Muted>{t('video.noModels')}</Muted>
      ) : (
        <div style={{ display: 'grid', gap: 16 }}>
          <label>
            <div style={{ marginBottom: 6 }}>{t('video.prompt')}</div>
            {/* A plain textarea styled like Ant Design's: its TextArea adds ~9 KB gzip to this page. */}
            <textarea
              value={prompt}
              onChange={(e) => setPrompt(e.target.value)}
              placeholder={t('video.promptPlaceholder')}
              maxLength={2000}
              rows={4}
              aria-invalid={promptError || undefined}
              data-testid="prompt"
              style={{
                display: 'block',
                width: '100%',
                boxSizing: 'border-box',
                padding: '6px 11px',
                font: 'inherit',
                color: token.colorText,
                background: token.colorBgContainer,
                border: `1px solid ${promptError ? token.colorError : token.colorBorder}`,
                borderRadius: token.borderRadius,
                resize: 'vertical',
              }}
            />
            {promptError && <div style={{ color: token.colorError, fontSize: 12 }}>{t('video.promptRequired')}</div>}
          </label>
          <Choice label={t('video.model')}>
            <Radio.Group
              value={chosenModel}
              onChange={(e) => setModel(e.target.value as string)}
              optionType="button"
              data-testid="model"
              options={models.map((m) => ({ value: m, label: m }))}
            />
          </Choice>
          <Choice label={t('video.duration')}>
            <Radio.Group
              value={chosenDuration}
              onChange={(e) => setDuration(e.target.value as number)}
              optionType="button"
              data-testid="duration"
              options={durations.map((d) => ({ value: d, label: t('video.seconds', { n: d }) }))}
            />
          </Choice>
          <Choice label={t('video.orientation')}>
            <Radio.Group
              value={orientation}
              onChange={(e) => setOrientation(e.target.value as CreateVideoDto['orientation'])}
              optionType="button"
              data-testid="orientation"
              options={(['landscape', 'portrait'] as const).map((o) => ({ value: o, label: t(`video.orientations.${o}`) }))}
            />
          </Choice>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }}>
            <Figure label={t('video.price')} value={price} testId="price" />
            <Figure label={t('video.balance')} value={available} testId="balance-now" />
            <Figure
              label={t('video.balanceAfter')}
              value={after}
              testId="balance-after-submit"
              color={after !== undefined && after < 0 ? token.colorError : undefined}
            />
          </div>
          {after !== undefined && after < 0 && (
            <div>
              <Link to={ROUTES.buy} data-testid="buy-credits-hint">
                {t('errors.buyCredits')}
              </Link>
            </div>
          )}
          {create.error && <ErrorAlert error={create.error} />}
          <div>
            <Button
              type="primary"
              size="large"
              onClick={submit}
              loading={create.isPending}
              disabled={!body}
              data-testid="generate"
            >
              {t('video.submit')}
            </Button>
          </div>
        </div>
      )}
    </Panel>
  );
}

function Choice({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div style={{ marginBottom: 6 }}>{label}</div>
      {children}
    </div>
  );
}

function Figure({ label, value, testId, color }: { label: string; value: number | undefined; testId: string; color?: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Muted>{label}</Muted>
      <div style={{ fontSize: 20, fontWeight: 600, color }} data-testid={testId} data-value={value ?? ''}>
        {value === undefined ? '—' : t('video.creditsUnit', { n: value })}
      </div>
    </div>
  );
}
