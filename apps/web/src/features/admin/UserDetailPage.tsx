import { App, Button, Input, InputNumber, Modal, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { Muted, Panel } from '../../components/Panel';
import { LedgerList } from '../credits/LedgerList';
import { formatTime } from '../credits/ledger-format';
import { useAdjustCredits, useAdminUser, useAdminUserLedger, useSetUserStatus } from './hooks';
import { newIdempotencyKey } from './idempotency';

/** Adjust credits: a non-zero whole delta and a required reason (it becomes the ledger entry's description). */
function AdjustCredits({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [delta, setDelta] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ delta?: string; reason?: string }>({});
  const adjust = useAdjustCredits(userId);
  const close = () => {
    setOpen(false);
    setDelta(null);
    setReason('');
    setProblems({});
    adjust.reset();
    setKey(newIdempotencyKey());
  };
  const submit = () => {
    const found = {
      delta: delta === null ? t('auth.required') : delta === 0 ? t('admin.users.deltaZero') : undefined,
      reason: reason.trim() ? undefined : t('admin.users.reasonRequired'),
    };
    setProblems(found);
    if (found.delta || found.reason || delta === null) return;
    adjust.mutate({ body: { delta, reason: reason.trim() }, key }, { onSuccess: close });
  };
  const problem = (text?: string) => text && <div style={{ color: token.colorError, fontSize: 12 }}>{text}</div>;
  return (
    <>
      <Button type="primary" data-testid="adjust-open" onClick={() => setOpen(true)}>
        {t('admin.users.adjust')}
      </Button>
      <Modal
        open={open}
        title={t('admin.users.adjust')}
        okText={t('admin.users.adjustSubmit')}
        cancelText={t('admin.cancel')}
        okButtonProps={{ loading: adjust.isPending, 'data-testid': 'adjust-submit' } as never}
        onCancel={close}
        onOk={submit}
        destroyOnHidden
      >
        <div style={{ display: 'grid', gap: 12 }}>
          <label>
            <div>{t('admin.users.delta')}</div>
            <InputNumber
              data-testid="adjust-delta"
              precision={0}
              min={-100_000_000}
              max={100_000_000}
              value={delta}
              onChange={(v) => setDelta(typeof v === 'number' ? v : null)}
              style={{ width: '100%' }}
            />
            <Muted style={{ fontSize: 12 }}>{t('admin.users.deltaHelp')}</Muted>
            {problem(problems.delta)}
          </label>
          <label>
            <div>{t('admin.users.reason')}</div>
            <Input.TextArea
              data-testid="adjust-reason"
              maxLength={200}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {problem(problems.reason)}
          </label>
          {adjust.isError && <ErrorAlert error={adjust.error} />}
        </div>
      </Modal>
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Muted style={{ fontSize: 12 }}>{label}</Muted>
      <div>{children}</div>
    </div>
  );
}

export default function UserDetailPage() {
  const { modal } = App.useApp();
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useAdminUser(id);
  const ledger = useAdminUserLedger(id);
  const setStatus = useSetUserStatus(id);
  if (user.isPending) return <PageSpinner />;
  if (user.isError) return <ErrorAlert error={user.error} onRetry={() => void user.refetch()} />;
  const u = user.data;
  const next = u.status === 'active' ? 'disabled' : 'active';
  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="user-detail">
      <Link to="/admin/users">{t('admin.users.back')}</Link>
      <Panel
        title={u.email}
        extra={
          <span style={{ display: 'flex', gap: 8 }}>
            <AdjustCredits userId={u.id} />
            <Button
              danger={next === 'disabled'}
              data-testid="toggle-status"
              loading={setStatus.isPending}
              onClick={() =>
                modal.confirm({
                  title: t(next === 'disabled' ? 'admin.users.disableConfirm' : 'admin.users.enableConfirm', { email: u.email }),
                  okText: t('admin.confirm'),
                  cancelText: t('admin.cancel'),
                  onOk: () => setStatus.mutateAsync(next),
                })
              }
            >
              {t(next === 'disabled' ? 'admin.users.disable' : 'admin.users.enable')}
            </Button>
          </span>
        }
      >
        {setStatus.isError && <ErrorAlert error={setStatus.error} style={{ marginBottom: 12 }} />}
        <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12, margin: 0 }}>
          <Item label={t('admin.users.name')}>{u.displayName ?? '—'}</Item>
          <Item label={t('admin.users.role')}>{t(`admin.users.roles.${u.role}`)}</Item>
          <Item label={t('admin.users.status')}>
            <Tag data-testid="user-status" color={u.status === 'active' ? 'green' : 'red'}>
              {t(`admin.users.statuses.${u.status}`)}
            </Tag>
          </Item>
          <Item label={t('dashboard.balance')}>
            <span data-testid="user-balance">{u.balance.available}</span>
          </Item>
          <Item label={t('dashboard.totalGranted')}>{u.balance.totalGranted}</Item>
          <Item label={t('dashboard.totalUsed')}>{u.balance.totalUsed}</Item>
          <Item label={t('admin.users.createdAt')}>{formatTime(u.createdAt, i18n.language)}</Item>
        </dl>
      </Panel>
      <Panel title={t('ledger.title')} testId="user-ledger">
        {ledger.isError && <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />}
        {ledger.isPending ? (
          <PageSpinner />
        ) : ledger.data?.items.length ? (
          <LedgerList entries={ledger.data.items} showReference />
        ) : (
          <Muted>{t('admin.empty')}</Muted>
        )}
      </Panel>
    </div>
  );
}
