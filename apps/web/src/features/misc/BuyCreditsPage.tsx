import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Target of "buy credits" links; the purchase flow arrives with the payments API (issue 8). */
export default function BuyCreditsPage() {
  const { t } = useTranslation();
  return <Result status="info" title={t('buy.title')} subTitle={t('buy.comingSoon')} data-testid="buy-page" />;
}
