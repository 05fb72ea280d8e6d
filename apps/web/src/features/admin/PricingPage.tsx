import { Button, Input, InputNumber, Modal, Switch, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { ActionPriceDto, CreatePackageDto, PackageDto, PriceTableDto, VideoPriceDto } from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { useAdminMutation, useAdminQuery } from './hooks';
import { fenToYuanInput, formatFen, parseYuan } from './money';

type PackageDraft = Omit<CreatePackageDto, 'priceFen' | 'validityDays' | 'bonusValidityDays'> & {
  price: string;
  validityDays: number | null;
  bonusValidityDays: number | null;
};

function toDraft(p: PackageDto | null): PackageDraft {
  return p
    ? {
        code: p.code,
        name: p.name,
        description: p.description ?? '',
        price: fenToYuanInput(p.priceFen),
        credits: p.credits,
        bonusCredits: p.bonusCredits,
        validityDays: p.validityDays ?? null,
        bonusValidityDays: p.bonusValidityDays ?? null,
        grantsApiKeys: p.grantsApiKeys,
        active: p.active,
        sortOrder: p.sortOrder,
      }
    : {
        code: '',
        name: '',
        description: '',
        price: '',
        credits: 0,
        bonusCredits: 0,
        validityDays: null,
        bonusValidityDays: null,
        grantsApiKeys: false,
        active: true,
        sortOrder: 0,
      };
}

/** Create or edit a package; the price is typed in yuan and sent as integer fen. */
function PackageForm({ pkg, onClose }: { pkg: PackageDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [d, setD] = useState(() => toDraft(pkg));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useAdminMutation((body: CreatePackageDto) =>
    pkg
      ? call('PaymentsAdmin_updatePackage', { pathParams: { id: pkg.id }, body })
      : call('PaymentsAdmin_createPackage', { body }),
  );
  const set = <K extends keyof PackageDraft>(k: K, v: PackageDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const submit = () => {
    const priceFen = parseYuan(d.price);
    const found: Record<string, string> = {};
    if (!d.name.trim()) found.name = t('auth.required');
    if (!pkg && !/^[a-z][a-z0-9_-]{1,31}$/.test(d.code ?? '')) found.code = t('admin.pricing.codeRule');
    if (!priceFen) found.price = t('admin.money.invalid');
    if (!d.credits) found.credits = t('auth.required');
    setProblems(found);
    if (Object.keys(found).length) return;
    const { price: _price, validityDays, bonusValidityDays, code, ...rest } = d;
    save.mutate(
      {
        ...rest,
        ...(pkg ? {} : { code }),
        name: d.name.trim(),
        priceFen: priceFen!,
        // null clears a validity on edit ("never expires"); on create it is simply left out.
        ...(validityDays !== null ? { validityDays } : pkg ? { validityDays: null } : {}),
        ...(bonusValidityDays !== null ? { bonusValidityDays } : pkg ? { bonusValidityDays: null } : {}),
      } as CreatePackageDto,
      { onSuccess: onClose },
    );
  };
  const problem = (k: string) => problems[k] && <span style={{ color: token.colorError, fontSize: 12 }}>{problems[k]}</span>;
  const num = (
    k: 'credits' | 'bonusCredits' | 'validityDays' | 'bonusValidityDays' | 'sortOrder',
    min: number,
    max: number,
    testId?: string,
  ) => (
    <label style={{ display: 'grid', gap: 2 }}>
      <span>{t(`admin.pricing.${k}`)}</span>
      <InputNumber
        data-testid={testId}
        precision={0}
        min={min}
        max={max}
        style={{ width: '100%' }}
        value={d[k]}
        onChange={(v) => set(k, (typeof v === 'number' ? v : null) as never)}
      />
      {problem(k)}
    </label>
  );
  return (
    <Modal
      open
      title={t(pkg ? 'admin.pricing.editPackage' : 'admin.pricing.addPackage')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'package-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10 }}>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.pricing.code')}</span>
          <Input
            data-testid="package-code"
            maxLength={32}
            disabled={!!pkg}
            value={d.code}
            onChange={(e) => set('code', e.target.value)}
          />
          {problem('code')}
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.pricing.name')}</span>
          <Input data-testid="package-name" maxLength={100} value={d.name} onChange={(e) => set('name', e.target.value)} />
          {problem('name')}
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.pricing.price')}</span>
          <Input data-testid="package-price" prefix="¥" value={d.price} onChange={(e) => set('price', e.target.value)} />
          {problem('price')}
        </label>
        {num('credits', 1, 1_000_000_000, 'package-credits')}
        {num('bonusCredits', 0, 1_000_000_000)}
        {num('sortOrder', -100_000, 100_000)}
        {num('validityDays', 1, 36_500)}
        {num('bonusValidityDays', 1, 36_500)}
        <label style={{ gridColumn: '1 / -1', display: 'grid', gap: 2 }}>
          <span>{t('admin.pricing.description')}</span>
          <Input maxLength={500} value={d.description} onChange={(e) => set('description', e.target.value)} />
        </label>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch checked={d.active} onChange={(v) => set('active', v)} />
          {t('admin.pricing.active')}
        </label>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Switch checked={d.grantsApiKeys} onChange={(v) => set('grantsApiKeys', v)} />
          {t('admin.pricing.grantsApiKeys')}
        </label>
        {save.isError && (
          <div style={{ gridColumn: '1 / -1' }}>
            <ErrorAlert error={save.error} />
          </div>
        )}
      </div>
    </Modal>
  );
}

function Packages() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<PackageDto | 'new' | null>(null);
  const packages = useAdminQuery(['packages'], (signal) => call('PaymentsAdmin_listPackages', { signal }));
  return (
    <Panel
      title={t('admin.pricing.packages')}
      extra={
        <Button type="primary" data-testid="package-add" onClick={() => setEditing('new')}>
          {t('admin.pricing.addPackage')}
        </Button>
      }
    >
      {packages.isError && <ErrorAlert error={packages.error} onRetry={() => void packages.refetch()} />}
      <Table
        data-testid="package-table"
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        loading={packages.isFetching && !packages.data}
        dataSource={packages.data ?? []}
        onRow={(p) => ({ 'data-testid': 'package-row', 'data-code': p.code }) as never}
        columns={[
          { title: t('admin.pricing.name'), dataIndex: 'name', render: (n: string, p) => <span title={p.code}>{n}</span> },
          {
            title: t('admin.pricing.price'),
            dataIndex: 'priceFen',
            align: 'right',
            render: (v: number) => <span data-testid="package-price-cell">{formatFen(v)}</span>,
          },
          { title: t('admin.pricing.credits'), dataIndex: 'credits', align: 'right' },
          { title: t('admin.pricing.bonusCredits'), dataIndex: 'bonusCredits', align: 'right' },
          {
            title: t('admin.pricing.validityDays'),
            dataIndex: 'validityDays',
            render: (v: number | null) => v ?? t('admin.pricing.never'),
          },
          {
            title: t('admin.pricing.active'),
            dataIndex: 'active',
            render: (v: boolean, p) => (
              <>
                <Tag color={v ? 'green' : 'default'}>{t(v ? 'admin.pricing.on' : 'admin.pricing.off')}</Tag>
                {p.grantsApiKeys && <Tag color="purple">{t('admin.pricing.grantsApiKeys')}</Tag>}
              </>
            ),
          },
          {
            title: '',
            key: 'edit',
            render: (_, p) => (
              <Button size="small" data-testid="package-edit" onClick={() => setEditing(p)}>
                {t('admin.accounts.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <PackageForm pkg={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Panel>
  );
}

/** The price table, edited as a whole and saved with one PUT (rows left out are deactivated by the API). */
function PriceEditor({ initial }: { initial: PriceTableDto }) {
  const { t } = useTranslation();
  const [videos, setVideos] = useState<VideoPriceDto[]>(initial.videos);
  const [actions, setActions] = useState<ActionPriceDto[]>(initial.actions);
  const [saved, setSaved] = useState(false);
  const save = useAdminMutation((body: PriceTableDto) => call('VideosAdmin_replace', { body }));
  const patch = <T,>(list: T[], set: (l: T[]) => void, i: number, change: Partial<T>) => {
    setSaved(false);
    set(list.map((row, j) => (j === i ? { ...row, ...change } : row)));
  };
  const creditsInput = (value: number, onChange: (v: number) => void, testId?: string) => (
    <InputNumber data-testid={testId} precision={0} min={1} max={1_000_000} value={value} onChange={(v) => onChange(v ?? 1)} />
  );
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <Table
        data-testid="video-prices"
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={videos}
        onRow={(r) => ({ 'data-testid': 'video-price-row', 'data-key': `${r.model}:${r.durationSeconds}` }) as never}
        columns={[
          {
            title: t('admin.pricing.model'),
            dataIndex: 'model',
            render: (v: string, _r, i) => (
              <Input maxLength={64} value={v} onChange={(e) => patch(videos, setVideos, i, { model: e.target.value.trim() })} />
            ),
          },
          {
            title: t('admin.pricing.duration'),
            dataIndex: 'durationSeconds',
            render: (v: number, _r, i) => (
              <InputNumber
                precision={0}
                min={1}
                max={600}
                value={v}
                onChange={(n) => patch(videos, setVideos, i, { durationSeconds: n ?? 1 })}
              />
            ),
          },
          {
            title: t('admin.pricing.credits'),
            dataIndex: 'credits',
            render: (v: number, _r, i) =>
              creditsInput(v, (n) => patch(videos, setVideos, i, { credits: n }), 'video-price-credits'),
          },
          {
            title: t('admin.pricing.active'),
            dataIndex: 'active',
            render: (v: boolean | undefined, _r, i) => (
              <Switch checked={v !== false} onChange={(on) => patch(videos, setVideos, i, { active: on })} />
            ),
          },
        ]}
      />
      <div>
        <Button onClick={() => setVideos([...videos, { model: '', durationSeconds: 8, credits: 1, active: true }])}>
          {t('admin.pricing.addVideo')}
        </Button>
      </div>
      <Table
        data-testid="action-prices"
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={actions}
        columns={[
          {
            title: t('admin.pricing.action'),
            dataIndex: 'action',
            render: (v: string, _r, i) => (
              <Input
                maxLength={64}
                value={v}
                onChange={(e) => patch(actions, setActions, i, { action: e.target.value.trim() })}
              />
            ),
          },
          {
            title: t('admin.pricing.credits'),
            dataIndex: 'credits',
            render: (v: number, _r, i) => creditsInput(v, (n) => patch(actions, setActions, i, { credits: n })),
          },
          {
            title: t('admin.pricing.active'),
            dataIndex: 'active',
            render: (v: boolean | undefined, _r, i) => (
              <Switch checked={v !== false} onChange={(on) => patch(actions, setActions, i, { active: on })} />
            ),
          },
        ]}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Button onClick={() => setActions([...actions, { action: '', credits: 1, active: true }])}>
          {t('admin.pricing.addAction')}
        </Button>
        <Button
          type="primary"
          data-testid="prices-save"
          loading={save.isPending}
          onClick={() => save.mutate({ videos, actions }, { onSuccess: () => setSaved(true) })}
        >
          {t('admin.pricing.savePrices')}
        </Button>
        {saved && (
          <Muted>
            <span data-testid="prices-saved">{t('admin.pricing.saved')}</span>
          </Muted>
        )}
      </div>
      {save.isError && <ErrorAlert error={save.error} />}
    </div>
  );
}

function Prices() {
  const { t } = useTranslation();
  const prices = useQueryPrices();
  return (
    <Panel title={t('admin.pricing.prices')}>
      <Muted>{t('admin.pricing.pricesHelp')}</Muted>
      {prices.isError && <ErrorAlert error={prices.error} onRetry={() => void prices.refetch()} />}
      {prices.data && (
        <div style={{ marginTop: 12 }}>
          <PriceEditor initial={prices.data} />
        </div>
      )}
    </Panel>
  );
}

function useQueryPrices() {
  return useAdminQuery(['pricing'], (signal) => call('VideosAdmin_prices', { signal }));
}

/** Packages (CRUD) and the price table per model and duration plus other paid actions. */
export default function PricingPage() {
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Packages />
      <Prices />
    </div>
  );
}
