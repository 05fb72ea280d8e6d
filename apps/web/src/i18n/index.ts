import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文', short: '中文' },
  { code: 'en', label: 'English', short: 'EN' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'reelmeter.lang';

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false, // resources are bundled: ready before the first render
});
document.documentElement.lang = i18n.language;

/** Switches the language and remembers the choice for the next visit. */
export function setLanguage(code: Language) {
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  void i18n.changeLanguage(code);
}

export { i18n };
