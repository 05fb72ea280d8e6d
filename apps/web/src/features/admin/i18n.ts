import i18next from 'i18next';
import { adminEn } from '../../i18n/admin.en';
import { adminZhCN } from '../../i18n/admin.zh-CN';

// Loaded with the admin chunk: the admin strings never weigh on the user pages' first load.
// (i18next's default instance is the one src/i18n initialises.)
i18next.addResourceBundle('zh-CN', 'translation', { admin: adminZhCN }, true, false);
i18next.addResourceBundle('en', 'translation', { admin: adminEn }, true, false);
