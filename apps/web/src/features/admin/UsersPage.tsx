import { Input, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Panel } from '../../components/Panel';
import { formatTime } from '../credits/ledger-format';
import { useAdminUsers } from './hooks';

/** Users: search by email or name (the query is in the URL), each row opens the user's detail. */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = params.get('query') ?? '';
  const users = useAdminUsers(query);
  return (
    <Panel title={t('admin.users.title')}>
      <Input.Search
        data-testid="user-search"
        defaultValue={query}
        placeholder={t('admin.users.search')}
        allowClear
        maxLength={200}
        onSearch={(value) => setParams(value.trim() ? { query: value.trim() } : {})}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      {users.isError && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      <Table
        data-testid="user-table"
        rowKey="id"
        size="small"
        loading={users.isFetching}
        pagination={false}
        dataSource={users.data?.items ?? []}
        scroll={{ x: true }}
        columns={[
          {
            title: t('admin.users.email'),
            dataIndex: 'email',
            render: (email: string, u) => (
              <Link to={u.id} data-testid="user-link">
                {email}
              </Link>
            ),
          },
          { title: t('admin.users.name'), dataIndex: 'displayName' },
          { title: t('admin.users.role'), dataIndex: 'role', render: (role: string) => t(`admin.users.roles.${role}`) },
          {
            title: t('admin.users.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'active' ? 'green' : 'red'}>{t(`admin.users.statuses.${s}`)}</Tag>,
          },
          { title: t('admin.users.available'), dataIndex: 'available', align: 'right' },
          { title: t('admin.users.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, i18n.language) },
        ]}
      />
      {users.data?.nextCursor && <div style={{ marginTop: 8 }}>{t('admin.users.more')}</div>}
    </Panel>
  );
}
