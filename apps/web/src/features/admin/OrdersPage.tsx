import { Button, Input, Modal, Select, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { call } from '../../api/client';
import type { AdminOrderDto } from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { DayRange } from './DayRange';
import { useAdminMutation, useAdminQuery } from './hooks';
import { newIdempotencyKey } from './idempotency';
import { formatFen } from './money';

type Status = AdminOrderDto['status'];
type Channel = AdminOrderDto['channel'];
const STATUSES: Status[] = ['pending', 'paid', 'closed', 'refunded'];
const CHANNELS: Channel[] = ['alipay', 'wechat', 'sandbox'];
const STATUS_COLOR = { pending: 'blue', paid: 'green', closed: 'default', refunded: 'orange' } as const;

/** Refund with confirmation: a required reason, one Idempotency-Key per opened dialog. */
function RefundDialog({ order, onClose }: { order: AdminOrderDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [key] = useState(newIdempotencyKey);
  const refund = useAdminMutation((body: { reason: string }) =>
    call('PaymentsAdmin_refund', { pathParams: { id: order.id }, body, headers: { 'Idempotency-Key': key } }),
  );
  const submit = () => {
    if (!reason.trim()) return setProblem(t('admin.orders.reasonRequired'));
    setProblem('');
    refund.mutate({ reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      title={t('admin.orders.refundTitle', { no: order.outTradeNo })}
      okText={t('admin.orders.refundConfirm')}
      okButtonProps={{ danger: true, loading: refund.isPending, 'data-testid': 'refund-confirm' } as never}
      cancelText={t('admin.cancel')}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <div data-testid="refund-summary">
          {t('admin.orders.refundSummary', {
            amount: formatFen(order.amountFen),
            credits: order.credits + order.bonusCredits + order.vipBonusCredits,
          })}
        </div>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.orders.reason')}</span>
          <Input.TextArea
            data-testid="refund-reason"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {problem && <span style={{ color: token.colorError, fontSize: 12 }}>{problem}</span>}
        </label>
        {refund.isError && <ErrorAlert error={refund.error} />}
      </div>
    </Modal>
  );
}

/** An order's detail: gateway fields, refund outcome, and notifications we rejected for it. */
function OrderDetail({ order }: { order: AdminOrderDto }) {
  const { t, i18n } = useTranslation();
  const rejected = useAdminQuery(['rejected-notifications'], (signal) => call('PaymentsAdmin_rejected', { signal }));
  const mine = (rejected.data ?? []).filter((n) => n.orderId === order.id || n.outTradeNo === order.outTradeNo);
  const time = (v: string | null) => (v ? formatTime(v, i18n.language) : '—');
  return (
    <div data-testid="order-detail" style={{ display: 'grid', gap: 8 }}>
      <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 8, margin: 0 }}>
        {[
          [t('admin.orders.user'), order.userId],
          [t('admin.orders.gatewayTradeNo'), order.gatewayTradeNo ?? '—'],
          [t('admin.orders.paidVia'), order.paidVia ? t(`admin.orders.via.${order.paidVia}`) : '—'],
          [t('admin.orders.paidAt'), time(order.paidAt)],
          [t('admin.orders.refundedAt'), time(order.refundedAt)],
          [t('admin.orders.clawedBack'), order.refundClawedBack ?? '—'],
          [t('admin.orders.shortfall'), order.refundShortfall ?? '—'],
          [t('admin.orders.reason'), order.refundReason ?? '—'],
        ].map(([label, value]) => (
          <div key={String(label)}>
            <Muted style={{ fontSize: 12 }}>{label}</Muted>
            <div style={{ wordBreak: 'break-all' }}>{value}</div>
          </div>
        ))}
      </dl>
      <div>
        <Muted style={{ fontSize: 12 }}>{t('admin.orders.rejected')}</Muted>
        {mine.length === 0 ? (
          <div>{t('admin.orders.noRejected')}</div>
        ) : (
          <ul style={{ margin: 0 }} data-testid="rejected-notifications">
            {mine.map((n) => (
              <li key={n.id}>
                {time(n.createdAt)} · {n.reason} · {n.message} {n.remoteIp ? `(${n.remoteIp})` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A local calendar day (YYYY-MM-DD) as the instant it starts, `days` later. */
function dayStart(day: string | undefined, days = 0): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = new Date(`${day}T00:00:00`);
  start.setDate(start.getDate() + days);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

/** Orders: filter by status, channel, trade number and creation day; expand for detail; refund paid orders. */
export default function OrdersPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [refunding, setRefunding] = useState<AdminOrderDto | null>(null);
  const status = STATUSES.find((s) => s === params.get('status'));
  const channel = CHANNELS.find((c) => c === params.get('channel'));
  const outTradeNo = params.get('outTradeNo') ?? undefined;
  const userId = params.get('userId') ?? undefined;
  // Days in the admin's time zone, both ends included: from the start of `from` to the start of the day after `to`.
  const fromDay = params.get('from') ?? undefined;
  const toDay = params.get('to') ?? undefined;
  const from = dayStart(fromDay);
  const to = dayStart(toDay, 1);
  const [cursor, setCursor] = useState<string | undefined>();
  const orders = useAdminQuery(['orders', status, channel, outTradeNo, userId, from, to, cursor], (signal) =>
    call('PaymentsAdmin_listOrders', { query: { status, channel, outTradeNo, userId, from, to, cursor, limit: 50 }, signal }),
  );
  const update = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setCursor(undefined);
    setParams(next);
  };
  return (
    <Panel title={t('admin.orders.title')}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select
          data-testid="order-status-filter"
          allowClear
          placeholder={t('admin.orders.status')}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => update('status', v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`admin.orders.statuses.${s}`) }))}
        />
        <Select
          data-testid="order-channel-filter"
          allowClear
          placeholder={t('admin.orders.channel')}
          style={{ width: 140 }}
          value={channel}
          onChange={(v) => update('channel', v)}
          options={CHANNELS.map((c) => ({ value: c, label: t(`admin.orders.channels.${c}`) }))}
        />
        <Input.Search
          data-testid="order-search"
          allowClear
          maxLength={64}
          defaultValue={outTradeNo}
          placeholder={t('admin.orders.outTradeNo')}
          style={{ maxWidth: 280 }}
          onSearch={(v) => update('outTradeNo', v.trim() || undefined)}
        />
        <DayRange
          testId="order"
          from={fromDay}
          to={toDay}
          labels={{ from: t('admin.orders.createdFrom'), to: t('admin.orders.createdTo') }}
          onChange={(side, day) => update(side, day || undefined)}
        />
      </div>
      {orders.isError && <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />}
      <Table
        data-testid="order-table"
        rowKey="id"
        size="small"
        loading={orders.isFetching}
        pagination={false}
        scroll={{ x: true }}
        dataSource={orders.data?.items ?? []}
        locale={{ emptyText: t('admin.empty') }}
        onRow={(o) => ({ 'data-testid': 'order-row', 'data-id': o.id }) as never}
        expandable={{ expandedRowRender: (o) => <OrderDetail order={o} /> }}
        columns={[
          { title: t('admin.orders.outTradeNo'), dataIndex: 'outTradeNo' },
          { title: t('admin.orders.package'), dataIndex: 'packageName' },
          {
            title: t('admin.orders.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (v: number) => <span data-testid="order-amount">{formatFen(v)}</span>,
          },
          {
            title: t('admin.orders.credits'),
            key: 'credits',
            align: 'right',
            render: (_, o) => o.credits + o.bonusCredits + o.vipBonusCredits,
          },
          { title: t('admin.orders.channel'), dataIndex: 'channel', render: (c: Channel) => t(`admin.orders.channels.${c}`) },
          {
            title: t('admin.orders.status'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag color={STATUS_COLOR[s]} data-testid="order-status">
                {t(`admin.orders.statuses.${s}`)}
              </Tag>
            ),
          },
          { title: t('admin.orders.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, i18n.language) },
          {
            title: '',
            key: 'actions',
            render: (_, o) =>
              o.status === 'paid' ? (
                <Button size="small" danger data-testid="order-refund" onClick={() => setRefunding(o)}>
                  {t('admin.orders.refund')}
                </Button>
              ) : null,
          },
        ]}
      />
      {(orders.data?.nextCursor || cursor) && (
        <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
          {cursor && <Button onClick={() => setCursor(undefined)}>{t('admin.first')}</Button>}
          {orders.data?.nextCursor && <Button onClick={() => setCursor(orders.data.nextCursor!)}>{t('admin.next')}</Button>}
        </div>
      )}
      {refunding && <RefundDialog order={refunding} onClose={() => setRefunding(null)} />}
    </Panel>
  );
}
