export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type DeliveryEvent = 'raised' | 'repeat' | 'resolved' | 'test';
export type ChannelLocale = 'zh-CN' | 'en';
export type WebhookFormat = 'json' | 'wecom' | 'dingtalk' | 'feishu';

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** What a channel sends: a snapshot of the alert at the moment of the event. */
export interface AlertNotice {
  event: DeliveryEvent;
  alertId: string | null;
  ruleKey: string;
  subject: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  details?: Record<string, unknown> | null;
}

export interface EmailChannelConfig {
  recipients: string[];
}

export interface WebhookChannelConfig {
  url: string;
  format: WebhookFormat;
  /** HMAC-SHA256 key for the signature header; never returned after creation. */
  secret: string;
}
