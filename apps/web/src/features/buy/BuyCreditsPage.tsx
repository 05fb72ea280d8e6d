import './i18n';
import { Button, Radio, Spin, Tag, theme } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api/client';
import type { ChannelDto, OrderDto, PackageDto } from '../../api/generated/openapi';
import { useBalance } from '../../api/hooks';
import { ROUTES } from '../../app/routes';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../components/idempotency';
import { Muted, Panel } from '../../components/Panel';
import { ResultPanel } from '../../components/ResultPanel';

const QrCode = lazy(() => import('./QrCode'));
// Below the packages: loads after the page has rendered.
const RedeemBox = lazy(() => import('../redeem/RedeemBox'));

type Channel = ChannelDto['channel'];

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** Packages → channel → order with a QR code → waiting (polling) → paid (new balance) or closed (try again). */
export default function BuyCreditsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const packages = useQuery({ queryKey: ['packages'], queryFn: ({ signal }) => call('Payments_listPackages', { signal }) });
  const channels = useQuery({ queryKey: ['payment-channels'], queryFn: ({ signal }) => call('Payments_channels', { signal }) });
  const available = (channels.data ?? []).filter((c) => c.available).map((c) => c.channel);
  const [packageId, setPackageId] = useState<string | null>(null);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [orderId, setOrderId] = useState<string | null>(null);
  const intent = useRef<string | null>(null);

  const chosenChannel = channel && available.includes(channel) ? channel : available[0];
  const chosenPackage = packages.data?.find((p) => p.id === packageId) ?? packages.data?.[0];

  const create = useMutation({
    mutationFn: (body: { packageId: string; channel: Channel }) => {
      intent.current ??= newIdempotencyKey(); // a double click places one order
      return call('Payments_create', { body, headers: { 'Idempotency-Key': intent.current } });
    },
    onSuccess: (order) => {
      client.setQueryData(['order', order.id], order);
      setOrderId(order.id);
    },
    onSettled: () => {
      intent.current = null;
    },
  });

  const reset = () => {
    setOrderId(null);
    create.reset();
    void client.invalidateQueries({ queryKey: ['credits'] });
  };

  if (orderId) return <OrderView orderId={orderId} onDone={reset} />;

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="buy-page">
      <Panel title={t('buy.packages')}>
        {packages.error ? (
          <ErrorAlert error={packages.error} onRetry={() => void packages.refetch()} />
        ) : packages.isPending ? (
          <Spin />
        ) : !packages.data.length ? (
          <Muted>{t('buy.none')}</Muted>
        ) : (
          <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' }}>
            {packages.data.map((p) => (
              <PackageCard key={p.id} pkg={p} selected={p.id === chosenPackage?.id} onSelect={() => setPackageId(p.id)} />
            ))}
          </div>
        )}
      </Panel>
      <Panel title={t('buy.channel')}>
        {channels.error ? (
          <ErrorAlert error={channels.error} onRetry={() => void channels.refetch()} />
        ) : channels.isPending ? (
          <Spin />
        ) : !available.length ? (
          <Muted>{t('buy.noChannel')}</Muted>
        ) : (
          <Radio.Group
            value={chosenChannel}
            onChange={(e) => setChannel(e.target.value as Channel)}
            optionType="button"
            buttonStyle="solid"
            data-testid="channel"
            options={available.map((c) => ({ value: c, label: t(`buy.channels.${c}`) }))}
          />
        )}
        <div style={{ marginTop: 16 }}>
          <Button
            type="primary"
            size="large"
            disabled={!chosenPackage || !chosenChannel}
            loading={create.isPending}
            data-testid="place-order"
            onClick={() =>
              chosenPackage && chosenChannel && create.mutate({ packageId: chosenPackage.id, channel: chosenChannel })
            }
          >
            {t('buy.pay', { price: chosenPackage ? yuan(chosenPackage.priceFen) : '' })}
          </Button>
        </div>
        {create.error && <ErrorAlert error={create.error} style={{ marginTop: 12 }} />}
      </Panel>
      <Suspense fallback={null}>
        <RedeemBox />
      </Suspense>
    </div>
  );
}

function PackageCard({ pkg, selected, onSelect }: { pkg: PackageDto; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      data-testid="package"
      data-code={pkg.code}
      style={{
        textAlign: 'left',
        cursor: 'pointer',
        padding: 16,
        borderRadius: token.borderRadiusLG,
        border: `${selected ? 2 : 1}px solid ${selected ? token.colorPrimary : token.colorBorder}`,
        background: selected ? token.colorPrimaryBg : token.colorBgContainer,
        font: 'inherit',
        color: token.colorText,
      }}
    >
      <div style={{ fontWeight: 600, fontSize: 16 }}>{pkg.name}</div>
      <div style={{ fontSize: 24, fontWeight: 600, margin: '8px 0' }}>{yuan(pkg.priceFen)}</div>
      <div>{t('buy.credits', { credits: pkg.credits })}</div>
      {pkg.bonusCredits > 0 && <Tag color="gold">{t('buy.bonus', { credits: pkg.bonusCredits })}</Tag>}
      <div style={{ marginTop: 4 }}>
        <Muted>{pkg.validityDays ? t('buy.validity', { days: pkg.validityDays }) : t('buy.noExpiry')}</Muted>
      </div>
      {pkg.grantsApiKeys && (
        <Tag color="blue" style={{ marginTop: 4 }}>
          {t('buy.apiKeys')}
        </Tag>
      )}
      {pkg.description && (
        <div style={{ marginTop: 4 }}>
          <Muted>{pkg.description}</Muted>
        </div>
      )}
    </button>
  );
}

function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** A placed order: QR code while pending (polled every 2 s), then paid or closed. */
function OrderView({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const now = useNow(1000);
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: ({ signal }) => call('Payments_get', { pathParams: { id: orderId }, signal }),
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 2000 : false),
    staleTime: 0,
  });
  const paid = order.data?.status === 'paid';
  const balance = useBalance();
  useEffect(() => {
    if (paid) void client.invalidateQueries({ queryKey: ['credits'] });
  }, [paid, client]);
  const simulate = useMutation({
    mutationFn: () => call('PaymentsNotify_sandboxPay', { pathParams: { orderId } }),
    onSuccess: (next) => client.setQueryData(['order', orderId], next),
  });

  if (order.error) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  if (!order.data) return <Spin />;
  const o: OrderDto = order.data;
  const expired = o.status === 'closed' || (o.status === 'pending' && Date.parse(o.expiresAt) <= now);

  if (o.status === 'paid' || o.status === 'refunded') {
    const credits = o.credits + o.bonusCredits + o.vipBonusCredits;
    return (
      <ResultPanel
        kind="success"
        testId="order-paid"
        title={t('buy.paidTitle')}
        subTitle={t('buy.paidSubtitle', { credits, balance: balance.data?.available ?? '…' })}
        extra={
          <>
            <Link to={ROUTES.dashboard}>
              <Button type="primary">{t('nav.dashboard')}</Button>
            </Link>
            <Button onClick={onDone}>{t('buy.another')}</Button>
          </>
        }
      />
    );
  }
  if (expired) {
    return (
      <ResultPanel
        kind="warning"
        testId="order-expired"
        title={t('buy.expiredTitle')}
        subTitle={t('buy.expiredSubtitle')}
        extra={
          <Button type="primary" onClick={onDone} data-testid="try-again">
            {t('buy.tryAgain')}
          </Button>
        }
      />
    );
  }
  const left = Math.max(0, Math.floor((Date.parse(o.expiresAt) - now) / 1000));
  const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Panel title={o.packageName} testId="order-pending">
      <div style={{ display: 'grid', justifyItems: 'center', gap: 12, textAlign: 'center' }}>
        <div>{t('buy.scan', { channel: t(`buy.channels.${o.channel}`), price: yuan(o.amountFen) })}</div>
        {o.qrCode && (
          <Suspense fallback={<Spin />}>
            <QrCode value={o.qrCode} />
          </Suspense>
        )}
        {o.payUrl && (
          <a href={o.payUrl} target="_blank" rel="noreferrer">
            {t('buy.openPayPage')}
          </a>
        )}
        <div data-testid="order-waiting">
          <Spin size="small" /> {t('buy.waiting')}
        </div>
        <Muted>{t('buy.expiresIn', { time })}</Muted>
        {o.channel === 'sandbox' && (
          <Button type="primary" loading={simulate.isPending} onClick={() => simulate.mutate()} data-testid="simulate-payment">
            {t('buy.simulate')}
          </Button>
        )}
        {simulate.error && <ErrorAlert error={simulate.error} />}
        <Button type="link" onClick={onDone}>
          {t('buy.cancel')}
        </Button>
      </div>
    </Panel>
  );
}
