export { startFakeUpstream, keyFingerprint } from './server';
export type { FakeUpstream, FakeUpstreamOptions, FakeKeyOptions, LoggedRequest, FakeTaskView } from './server';
export { DEFAULT_SCENARIO, FLAKY_SCENARIO, FAULTS, PROMPT_MARKERS } from './scenario';
export type { Scenario, Fault, FaultTarget, Dialect } from './scenario';
export { TINY_MP4 } from './mp4';
