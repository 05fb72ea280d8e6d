import { ProviderAccountConfig } from './http-provider';
import { VivaApiProvider } from './vivaapi.provider';

/**
 * The built-in simulated upstream: the fake upstream server (tools/fake-upstream) started inside the
 * API process on a loopback port, spoken to over real HTTP in the new-api dialect — so `npm start`
 * exercises the same code paths as a real relay.
 */
export class SimulatedProvider extends VivaApiProvider {
  constructor(account: ProviderAccountConfig) {
    super(account, 'simulated');
  }
}
