import { App, Button, Input, InputNumber, Modal, Select, Switch, Table, Tag, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type {
  AlertChannelDto,
  AlertRuleDto,
  ChannelTestResultDto,
  CreateAlertChannelDto,
  UpdateAlertRuleDto,
} from '../../api/generated/openapi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { useAdminMutation, useAdminQuery } from './hooks';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const FORMATS = ['json', 'wecom', 'dingtalk', 'feishu'] as const;

function ChannelForm({ onClose, onSecret }: { onClose: () => void; onSecret: (secret: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [type, setType] = useState<'email' | 'webhook'>('email');
  const [name, setName] = useState('');
  const [recipients, setRecipients] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('json');
  const [minSeverity, setMinSeverity] = useState<(typeof SEVERITIES)[number]>('warning');
  const [problem, setProblem] = useState('');
  const create = useAdminMutation((body: CreateAlertChannelDto) => call('Alerts_createChannel', { body }));
  const submit = () => {
    const list = recipients.split(/[\s,;]+/).filter(Boolean);
    if (!name.trim() || (type === 'email' ? list.length === 0 : !url.trim())) return setProblem(t('admin.channels.incomplete'));
    setProblem('');
    create.mutate(
      { type, name: name.trim(), minSeverity, ...(type === 'email' ? { recipients: list } : { url: url.trim(), format }) },
      {
        onSuccess: (created) => {
          if (created.secret) onSecret(created.secret);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('admin.channels.add')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'channel-save' } as never}
      onCancel={onClose}
      onOk={submit}
    >
      <div style={{ display: 'grid', gap: 10 }}>
        <Select
          value={type}
          onChange={setType}
          options={(['email', 'webhook'] as const).map((v) => ({ value: v, label: t(`admin.channels.types.${v}`) }))}
        />
        <Input
          data-testid="channel-name"
          maxLength={100}
          placeholder={t('admin.channels.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {type === 'email' ? (
          <Input.TextArea
            data-testid="channel-recipients"
            rows={2}
            maxLength={2000}
            placeholder={t('admin.channels.recipients')}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
          />
        ) : (
          <>
            <Input maxLength={2000} placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
            <Select
              value={format}
              onChange={setFormat}
              options={FORMATS.map((f) => ({ value: f, label: t(`admin.channels.formats.${f}`) }))}
            />
          </>
        )}
        <label style={{ display: 'grid', gap: 2 }}>
          <span>{t('admin.channels.minSeverity')}</span>
          <Select
            value={minSeverity}
            onChange={setMinSeverity}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`admin.alerts.severities.${s}`) }))}
          />
        </label>
        {problem && <span style={{ color: token.colorError, fontSize: 12 }}>{problem}</span>}
        {create.isError && <ErrorAlert error={create.error} />}
      </div>
    </Modal>
  );
}

/** Alert channels: add (e-mail or webhook), switch on/off, send a test, delete. */
export function AlertChannels() {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, ChannelTestResultDto>>({});
  const channels = useAdminQuery(['alert-channels'], (signal) => call('Alerts_channels', { signal }));
  const update = useAdminMutation(({ id, enabled }: { id: string; enabled: boolean }) =>
    call('Alerts_updateChannel', { pathParams: { id }, body: { enabled } }),
  );
  const remove = useAdminMutation((id: string) => call('Alerts_deleteChannel', { pathParams: { id } }));
  const test = useAdminMutation((id: string) => call('Alerts_test', { pathParams: { id } }));
  return (
    <Panel
      title={t('admin.channels.title')}
      testId="alert-channels"
      extra={
        <Button data-testid="channel-add" onClick={() => setAdding(true)}>
          {t('admin.channels.add')}
        </Button>
      }
    >
      {secret && (
        <div role="status" style={{ marginBottom: 12 }}>
          {t('admin.channels.secretOnce')} <Input readOnly value={secret} />
        </div>
      )}
      {(channels.error || update.error || remove.error || test.error) && (
        <ErrorAlert error={channels.error ?? update.error ?? remove.error ?? test.error} />
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={channels.data ?? []}
        locale={{ emptyText: t('admin.empty') }}
        onRow={(c) => ({ 'data-testid': 'channel-row', 'data-id': c.id }) as never}
        columns={[
          { title: t('admin.channels.name'), dataIndex: 'name' },
          {
            title: t('admin.channels.type'),
            dataIndex: 'type',
            render: (v: AlertChannelDto['type']) => t(`admin.channels.types.${v}`),
          },
          {
            title: t('admin.channels.target'),
            key: 'target',
            render: (_, c) => (c.type === 'email' ? (c.recipients ?? []).join(', ') : c.url),
          },
          {
            title: t('admin.channels.minSeverity'),
            dataIndex: 'minSeverity',
            render: (v: AlertChannelDto['minSeverity']) => t(`admin.alerts.severities.${v}`),
          },
          {
            title: t('admin.channels.enabled'),
            dataIndex: 'enabled',
            render: (v: boolean, c) => (
              <Switch size="small" checked={v} onChange={(on) => update.mutate({ id: c.id, enabled: on })} />
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, c) => (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                <Button
                  size="small"
                  data-testid="channel-test"
                  loading={test.isPending && test.variables === c.id}
                  onClick={() => test.mutate(c.id, { onSuccess: (r) => setTests((all) => ({ ...all, [c.id]: r })) })}
                >
                  {t('admin.channels.test')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('admin.channels.deleteConfirm', { name: c.name }),
                      okText: t('admin.confirm'),
                      cancelText: t('admin.cancel'),
                      onOk: () => remove.mutateAsync(c.id),
                    })
                  }
                >
                  {t('admin.channels.delete')}
                </Button>
                {tests[c.id] && (
                  <span
                    data-testid="channel-test-result"
                    data-ok={String(tests[c.id].ok)}
                    style={{ fontSize: 12, color: tests[c.id].ok ? token.colorSuccess : token.colorError }}
                  >
                    {tests[c.id].ok
                      ? t('admin.channels.testOk')
                      : t('admin.channels.testBad', { error: tests[c.id].error ?? '' })}
                  </span>
                )}
              </div>
            ),
          },
        ]}
      />
      {adding && <ChannelForm onClose={() => setAdding(false)} onSecret={setSecret} />}
    </Panel>
  );
}

/** One rule: switch, severity, whole-number thresholds and cooldown, saved together. */
function RuleRow({ rule }: { rule: AlertRuleDto }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<UpdateAlertRuleDto>({
    enabled: rule.enabled,
    severity: rule.severity,
    params: { ...(rule.params as Record<string, number>) },
    cooldownMinutes: rule.cooldownMinutes,
  });
  const save = useAdminMutation((body: UpdateAlertRuleDto) => call('Alerts_updateRule', { pathParams: { key: rule.key }, body }));
  const params = (draft.params ?? {}) as Record<string, number>;
  return (
    <div
      data-testid="rule-row"
      data-key={rule.key}
      style={{ display: 'grid', gap: 6, padding: '8px 0', borderBottom: '1px solid rgba(0,0,0,0.06)' }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Switch size="small" checked={draft.enabled} onChange={(on) => setDraft({ ...draft, enabled: on })} />
        <strong>{rule.name}</strong>
        <Tag>{rule.key}</Tag>
      </div>
      <Muted style={{ fontSize: 12 }}>{rule.description}</Muted>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <Select
          size="small"
          value={draft.severity}
          style={{ width: 110 }}
          onChange={(severity) => setDraft({ ...draft, severity })}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`admin.alerts.severities.${s}`) }))}
        />
        {Object.entries(params)
          .filter(([, v]) => typeof v === 'number')
          .map(([name, value]) => (
            <label key={name} style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
              <span style={{ fontSize: 12 }}>{name}</span>
              <InputNumber
                size="small"
                precision={0}
                data-testid={`rule-param-${name}`}
                value={value}
                onChange={(v) => setDraft({ ...draft, params: { ...params, [name]: v ?? 0 } })}
              />
            </label>
          ))}
        <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
          <span style={{ fontSize: 12 }}>{t('admin.rules.cooldown')}</span>
          <InputNumber
            size="small"
            precision={0}
            min={1}
            max={10080}
            value={draft.cooldownMinutes}
            onChange={(v) => setDraft({ ...draft, cooldownMinutes: v ?? 1 })}
          />
        </label>
        <Button size="small" type="primary" data-testid="rule-save" loading={save.isPending} onClick={() => save.mutate(draft)}>
          {t('admin.save')}
        </Button>
        {save.isSuccess && <span data-testid="rule-saved">✓</span>}
      </div>
      {save.isError && <ErrorAlert error={save.error} />}
    </div>
  );
}

export function AlertRules() {
  const { t } = useTranslation();
  const rules = useAdminQuery(['alert-rules'], (signal) => call('Alerts_rules', { signal }));
  return (
    <Panel title={t('admin.rules.title')} testId="alert-rules">
      {rules.isError && <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />}
      {(rules.data ?? []).map((r) => (
        <RuleRow key={`${r.key}:${r.updatedAt}`} rule={r} />
      ))}
    </Panel>
  );
}
