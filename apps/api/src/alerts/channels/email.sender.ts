import { Inject, Injectable } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AlertNotice, ChannelLocale, EmailChannelConfig } from '../alert.types';
import { renderHtml, renderText } from './alert-text';

/** Alert e-mail over SMTP (SMTP_URL). Without SMTP_URL, e-mail channels fail their deliveries visibly. */
@Injectable()
export class EmailSender {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(config: EmailChannelConfig, locale: ChannelLocale, notice: AlertNotice): Promise<void> {
    if (!this.config.alerts.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= createTransport(this.config.alerts.smtpUrl);
    const { subject, text } = renderText(notice, locale);
    await this.transport.sendMail({
      from: this.config.alerts.emailFrom,
      to: config.recipients.join(', '),
      subject,
      text,
      html: renderHtml(notice, locale),
    });
  }
}
