import { Col, Row, Spin, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBalance, useLedger, useSession } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Muted, Panel } from '../../components/Panel';
import { ROUTES } from '../../app/routes';
import { LedgerList } from '../credits/LedgerList';
import { QuotaCardSlot, RecentVideosSlot } from '../slots';

/** Balance with the sign-up bonus, recent ledger rows, and the slots for quota, videos and status. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const current = useSession();
  const balance = useBalance();
  const recent = useLedger({ limit: 5 });
  const bonus = useLedger({ kind: 'signup_bonus', limit: 1 });
  const bonusEntry = bonus.data?.items[0];

  return (
    <div>
      <h2 style={{ fontSize: 22, margin: '0 0 16px' }}>
        {t('dashboard.welcome', { name: current?.user.displayName ?? current?.user.email })}
      </h2>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Panel testId="balance-card">
            {balance.error ? (
              <ErrorAlert error={balance.error} onRetry={() => void balance.refetch()} />
            ) : balance.isPending ? (
              <Spin />
            ) : (
              <>
                <Statistic title={t('dashboard.balance')} value={balance.data.available} data-testid="balance" />
                <Row gutter={16} style={{ marginTop: 12 }}>
                  <Col span={12}>
                    <Statistic
                      title={t('dashboard.totalGranted')}
                      value={balance.data.totalGranted}
                      styles={{ content: { fontSize: 16 } }}
                    />
                  </Col>
                  <Col span={12}>
                    <Statistic
                      title={t('dashboard.totalUsed')}
                      value={balance.data.totalUsed}
                      styles={{ content: { fontSize: 16 } }}
                    />
                  </Col>
                </Row>
                {bonusEntry && (
                  <Tag color="gold" style={{ marginTop: 12 }} data-testid="signup-bonus">
                    {t('dashboard.signupBonus', { credits: bonusEntry.amount })}
                  </Tag>
                )}
              </>
            )}
          </Panel>
        </Col>
        <Col xs={24} md={12}>
          <QuotaCardSlot />
        </Col>
        <Col xs={24}>
          <Panel title={t('dashboard.recentLedger')} extra={<Link to={ROUTES.credits}>{t('dashboard.viewAll')}</Link>}>
            {recent.error ? (
              <ErrorAlert error={recent.error} onRetry={() => void recent.refetch()} />
            ) : recent.isPending ? (
              <Spin />
            ) : !recent.data.items.length ? (
              <Muted>{t('dashboard.empty')}</Muted>
            ) : (
              <div data-testid="recent-ledger">
                <LedgerList entries={recent.data.items} />
              </div>
            )}
          </Panel>
        </Col>
        <Col xs={24}>
          <RecentVideosSlot />
        </Col>
      </Row>
    </div>
  );
}
