import { Injectable } from '@nestjs/common';
import { DomainException } from '../common/errors/domain.exception';
import { UpstreamAccountsService } from '../provider-quota/upstream-accounts.service';
import { SettingsService } from '../settings/settings.service';
import { DEGRADED_DEFAULT, MAINTENANCE_DEFAULT } from './video-messages';

const MAINTENANCE_KEY = 'system.maintenance';

interface MaintenanceSetting {
  enabled: boolean;
  message?: string;
  messageEn?: string;
  changedBy?: string;
  changedAt?: string;
}

export interface SystemStatusView {
  status: 'normal' | 'degraded' | 'maintenance';
  message: string;
  messageEn: string;
}

/**
 * `maintenance` is the admin's switch (kept in settings, so every instance sees it); `degraded`
 * means no upstream account can take work right now; otherwise `normal`.
 */
@Injectable()
export class SystemStatusService {
  constructor(
    private readonly settings: SettingsService,
    private readonly accounts: UpstreamAccountsService,
  ) {}

  /** Healthy: an active account that is not known to be out of money. */
  private async upstreamHealthy(): Promise<boolean> {
    const accounts = await this.accounts.list();
    return accounts.some((a) => a.status === 'active' && (a.balanceFen === null || a.balanceFen > 0));
  }

  async status(): Promise<SystemStatusView> {
    const m = await this.maintenance();
    if (m.enabled) {
      return {
        status: 'maintenance',
        message: m.message || MAINTENANCE_DEFAULT.zh,
        messageEn: m.messageEn || MAINTENANCE_DEFAULT.en,
      };
    }
    if (!(await this.upstreamHealthy())) {
      return { status: 'degraded', message: DEGRADED_DEFAULT.zh, messageEn: DEGRADED_DEFAULT.en };
    }
    return { status: 'normal', message: '', messageEn: '' };
  }

  async setMaintenance(
    input: { maintenance: boolean; message?: string; messageEn?: string },
    actorId: string,
  ): Promise<SystemStatusView> {
    const value: MaintenanceSetting = {
      enabled: input.maintenance,
      message: input.message?.trim() || undefined,
      messageEn: input.messageEn?.trim() || undefined,
      changedBy: actorId,
      changedAt: new Date().toISOString(),
    };
    await this.settings.set(MAINTENANCE_KEY, value, actorId);
    return this.status();
  }

  /** Refuses new paid work during maintenance: 503, nothing charged. */
  async assertAcceptingJobs(): Promise<void> {
    const m = await this.maintenance();
    if (!m.enabled) return;
    throw new DomainException(
      'MAINTENANCE_MODE',
      `${m.messageEn || MAINTENANCE_DEFAULT.en} (${m.message || MAINTENANCE_DEFAULT.zh})`,
      { messageZh: m.message || MAINTENANCE_DEFAULT.zh, messageEn: m.messageEn || MAINTENANCE_DEFAULT.en },
      { 'Retry-After': '300' },
    );
  }

  private maintenance(): Promise<MaintenanceSetting> {
    return this.settings.get<MaintenanceSetting>(MAINTENANCE_KEY, { enabled: false });
  }
}
