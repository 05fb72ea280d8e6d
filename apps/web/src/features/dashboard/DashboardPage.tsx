import '../videos/i18n';
import { Col, Row, Spin, Tag } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBalance, useLedger, useSession } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Figure } from '../../components/Figure';
import { Muted, Panel } from '../../components/Panel';
import { ROUTES } from '../../app/routes';
import { LedgerList } from '../credits/LedgerList';
import { QuotaCard, RecentVideos } from './cards';

// Below the fold: loads after the dashboard has rendered.
const RedeemBox = lazy(() => import('../redeem/RedeemBox'));

/** Balance with the sign-up bonus, recent ledger rows, and the slots for quota, videos and status. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
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
                <Figure label={t('dashboard.balance')} value={balance.data.available} testId="balance" />
                <Row gutter={16} style={{ marginTop: 12 }}>
                  <Col span={12}>
                    <Figure label={t('dashboard.totalGranted')} value={balance.data.totalGranted} size={16} />
                  </Col>
                  <Col span={12}>
                    <Figure label={t('dashboard.totalUsed')} value={balance.data.totalUsed} size={16} />
                  </Col>
                </Row>
                {balance.data.expiring.length > 0 && (
                  <div data-testid="expiring" style={{ marginTop: 12 }}>
                    {balance.data.expiring.slice(0, 3).map((e) => (
                      <div key={e.expiresAt}>
                        <Muted>
                          {t('dashboard.expiring', {
                            credits: e.credits,
                            date: new Date(e.expiresAt).toLocaleDateString(i18n.language),
                          })}
                        </Muted>
                      </div>
                    ))}
                  </div>
                )}
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
          <QuotaCard />
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
          <RecentVideos />
        </Col>
        <Col xs={24}>
          <Suspense fallback={null}>
            <RedeemBox />
          </Suspense>
        </Col>
      </Row>
    </div>
  );
}
