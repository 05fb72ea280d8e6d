import { ProviderAccountDto, ProviderGroupDto, UsageSummaryDto } from './dto/upstream.dto';
import { UpstreamAccount, UpstreamGroup } from './upstream-accounts.service';

const EMPTY_USAGE: UsageSummaryDto = {
  calls: 0,
  successes: 0,
  failures: 0,
  failuresByKind: {},
  successRate: null,
  avgLatencyMs: null,
};
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The only way an account leaves the API: the key is shown as its hint, never decrypted. */
export function toAccountDto(a: UpstreamAccount, usage?: UsageSummaryDto): ProviderAccountDto {
  return {
    id: a.id,
    provider: a.provider,
    name: a.name,
    baseUrl: a.baseUrl,
    apiKeyMasked: a.apiKeyHint,
    mode: a.mode,
    groupId: a.groupId,
    groupName: a.groupName,
    priority: a.priority,
    weight: a.weight,
    concurrencyLimit: a.concurrencyLimit,
    inFlight: a.inFlight,
    costModel: a.costModel,
    costFen: a.costFen,
    costFenByModel: a.costFenByModel,
    lowBalanceThresholdFen: a.lowBalanceThresholdFen,
    status: a.status,
    statusReason: a.statusReason,
    statusSince: iso(a.statusSince)!,
    cooldownUntil: iso(a.cooldownUntil),
    settings: a.settings,
    balanceFen: a.balanceFen,
    balanceSource: a.balanceSource,
    balanceCheckedAt: iso(a.balanceCheckedAt),
    totalTopupFen: a.totalTopupFen,
    totalCostFen: a.totalCostFen,
    usage: usage ?? EMPTY_USAGE,
    createdAt: iso(a.createdAt)!,
    updatedAt: iso(a.updatedAt)!,
  };
}

export function toGroupDto(g: UpstreamGroup): ProviderGroupDto {
  return { id: g.id, name: g.name, description: g.description, accountCount: g.accountCount, createdAt: iso(g.createdAt)! };
}
