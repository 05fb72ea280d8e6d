import { AlertNotice, ChannelLocale } from '../alert.types';

const WORDS = {
  'zh-CN': {
    severity: { info: '通知', warning: '警告', critical: '严重' },
    event: { raised: '新告警', repeat: '告警仍在持续', resolved: '告警已恢复', test: '测试消息' },
    occurrences: '发生次数',
    since: '首次发生',
    subject: '对象',
  },
  en: {
    severity: { info: 'Info', warning: 'Warning', critical: 'Critical' },
    event: { raised: 'New alert', repeat: 'Alert still open', resolved: 'Alert resolved', test: 'Test message' },
    occurrences: 'Occurrences',
    since: 'First seen',
    subject: 'Subject',
  },
} as const;

/** Plain-text subject and body of a notice, in the channel's language. */
export function renderText(notice: AlertNotice, locale: ChannelLocale): { subject: string; text: string } {
  const w = WORDS[locale];
  const subject = `[ReelMeter][${w.severity[notice.severity]}] ${w.event[notice.event]}: ${notice.title}`;
  const lines = [
    `${w.event[notice.event]} — ${notice.title}`,
    notice.message,
    '',
    `${w.subject}: ${notice.subject}`,
    `${w.occurrences}: ${notice.occurrences}`,
    `${w.since}: ${notice.firstSeenAt}`,
  ];
  return { subject, text: lines.join('\n') };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderHtml(notice: AlertNotice, locale: ChannelLocale): string {
  const { subject, text } = renderText(notice, locale);
  const color = notice.event === 'resolved' ? '#389e0d' : notice.severity === 'critical' ? '#cf1322' : '#d46b08';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2 style="color:${color}">${escapeHtml(subject)}</h2>
<pre style="font:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre>
</body></html>`;
}
