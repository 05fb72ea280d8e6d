import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { AntdLocale } from '../../components/AntdLocale';

/**
 * Entry of the admin section. Everything under /admin is loaded lazily from its own chunks, so
 * admin code never adds to the user pages' first load. The admin pages are a later issue.
 */
export default function AdminHomePage() {
  const { t } = useTranslation();
  return (
    <AntdLocale>
      <Result status="info" title={t('admin.title')} subTitle={t('admin.comingSoon')} />
    </AntdLocale>
  );
}
