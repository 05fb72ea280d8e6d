import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Starts the fake upstream (tools/fake-upstream) inside the API process on a loopback port when
 * SIMULATED_UPSTREAM_ENABLED (default outside production). `simulated` accounts talk to it over
 * HTTP in the new-api dialect, so `npm start` runs the same code paths as a real relay. Any key is
 * accepted with SIMULATED_UPSTREAM_BALANCE_FEN; balances live in memory (reset on restart).
 */
@Injectable()
export class SimulatedUpstreamService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SimulatedUpstream');
  private fake?: FakeUpstream;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const c = this.config.simulatedUpstream;
    if (!c.enabled) return;
    this.fake = await startFakeUpstream({
      host: '127.0.0.1',
      port: c.port,
      timeScale: c.timeScale,
      seed: Date.now() % 2 ** 31,
      autoRegisterBalanceFen: c.balanceFen,
      scenario: { failRate: 0.03, contentRejectRate: 0.02 },
    });
    this.logger.log(`simulated upstream on ${this.fake.url} (time scale ${c.timeScale})`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.fake?.close();
    this.fake = undefined;
  }

  /** Base URL of the running simulated upstream, or undefined when it is off. */
  get url(): string | undefined {
    return this.fake?.url;
  }
}
