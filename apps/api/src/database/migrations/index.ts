import { Foundation1764000000000 } from './1764000000000-Foundation';
import { UserUpstreamQuota1764050000000 } from './1764050000000-UserUpstreamQuota';
import { ScheduledRuns1764060000000 } from './1764060000000-ScheduledRuns';
import { Alerts1764070000000 } from './1764070000000-Alerts';
import { Payments1764100000000 } from './1764100000000-Payments';
import { CreditLots1764110000000 } from './1764110000000-CreditLots';
import { UpstreamAccounts1764200000000 } from './1764200000000-UpstreamAccounts';
import { ApiKeys1764300000000 } from './1764300000000-ApiKeys';
import { VideoJobs1764500000000 } from './1764500000000-VideoJobs';
import { VideoJobsDailyScopes1764500000001 } from './1764500000001-VideoJobsDailyScopes';
import { Reports1764700000000 } from './1764700000000-Reports';
import { UpstreamReportIndexes1764710000000 } from './1764710000000-UpstreamReportIndexes';
import { VideoReportIndexes1764720000000 } from './1764720000000-VideoReportIndexes';
import { Redeem1764800000000 } from './1764800000000-Redeem';
import { CreditConsumeFunction1765490000000 } from './1765490000000-CreditConsumeFunction';
import { UpstreamFailureIndex1765490000001 } from './1765490000001-UpstreamFailureIndex';
import { RedeemReportIndex1765510000000 } from './1765510000000-RedeemReportIndex';
import { TrialFixedExpiry1765510000001 } from './1765510000001-TrialFixedExpiry';
import { LedgerReportCoveringIndex1765510000002 } from './1765510000002-LedgerReportCoveringIndex';
import { ChangeNotifications1765600000000 } from './1765600000000-ChangeNotifications';
import { UpstreamSlotClaimFunction1765600000001 } from './1765600000001-UpstreamSlotClaimFunction';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [
  Foundation1764000000000,
  UserUpstreamQuota1764050000000,
  ScheduledRuns1764060000000,
  Alerts1764070000000,
  Payments1764100000000,
  CreditLots1764110000000,
  UpstreamAccounts1764200000000,
  ApiKeys1764300000000,
  VideoJobs1764500000000,
  VideoJobsDailyScopes1764500000001,
  Reports1764700000000,
  UpstreamReportIndexes1764710000000,
  VideoReportIndexes1764720000000,
  Redeem1764800000000,
  CreditConsumeFunction1765490000000,
  UpstreamFailureIndex1765490000001,
  RedeemReportIndex1765510000000,
  TrialFixedExpiry1765510000001,
  LedgerReportCoveringIndex1765510000002,
  ChangeNotifications1765600000000,
  UpstreamSlotClaimFunction1765600000001,
];
