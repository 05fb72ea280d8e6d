import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AlertNotice, ChannelLocale, WebhookChannelConfig } from '../alert.types';
import { renderText } from './alert-text';

const TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** The body for each receiver format: our JSON, or the markdown/text shape of WeCom, DingTalk, Feishu robots. */
export function webhookBody(config: WebhookChannelConfig, locale: ChannelLocale, notice: AlertNotice): unknown {
  const { subject, text } = renderText(notice, locale);
  switch (config.format) {
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: `**${subject}**\n${text}` } };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: subject, text: `### ${subject}\n\n${text.replace(/\n/g, '\n\n')}` } };
    case 'feishu':
      return { msg_type: 'text', content: { text: `${subject}\n${text}` } };
    default:
      return { type: `alert.${notice.event}`, alert: notice, sentAt: new Date().toISOString() };
  }
}

@Injectable()
export class WebhookSender {
  async send(config: WebhookChannelConfig, locale: ChannelLocale, notice: AlertNotice): Promise<void> {
    const body = JSON.stringify(webhookBody(config, locale, notice));
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(config.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'ReelMeter-Alerts/1',
        'X-ReelMeter-Event': `alert.${notice.event}`,
        'X-ReelMeter-Signature': signWebhook(config.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
    await response.body?.cancel();
  }
}
