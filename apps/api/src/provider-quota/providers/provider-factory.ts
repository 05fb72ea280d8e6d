import { ProviderName } from './dialects';
import { ProviderAccountConfig } from './http-provider';
import { VideoProvider } from './provider.types';
import { SimulatedProvider } from './simulated.provider';
import { SuchuangProvider } from './suchuang.provider';
import { VivaApiProvider } from './vivaapi.provider';

/** One adapter instance per account (it holds the account's base URL and key). */
export function createVideoProvider(provider: ProviderName, account: ProviderAccountConfig): VideoProvider {
  switch (provider) {
    case 'vivaapi':
      return new VivaApiProvider(account);
    case 'suchuang':
      return new SuchuangProvider(account);
    case 'simulated':
      return new SimulatedProvider(account);
  }
}
