import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainException } from '../common/errors/domain.exception';
import { CreditsService } from '../credits/credits.service';
import { VipService } from '../payments/vip.service';
import { SETTING_KEYS, SettingsService } from '../settings/settings.service';
import { summarize, UsersService } from '../users/users.service';
import { LoginDto, RegisterDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly credits: CreditsService,
    private readonly settings: SettingsService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly vip: VipService,
  ) {}

  /** Creates the user, the credit account and the sign-up bonus in one transaction. */
  async register(dto: RegisterDto) {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.dataSource.transaction(async (em) => {
      const user = await this.users.create(em, {
        email: dto.email,
        passwordHash,
        displayName: dto.displayName,
        role: 'user',
      });
      await this.credits.openAccount(em, user.id);
      const bonus = await this.settings.get<number>(SETTING_KEYS.signupBonus, this.config.credits.signupBonus, em);
      if (bonus > 0) {
        await this.credits.grant(em, 'signup_bonus', {
          userId: user.id,
          amount: bonus,
          reference: { type: 'user', id: user.id },
          description: 'Sign-up bonus',
        });
      }
      return { user: summarize(user), ...(await this.tokens.issue(user, em)) };
    });
  }

  async login(dto: LoginDto, ip: string) {
    await this.throttle.assertAllowed(dto.email, ip);
    const user = await this.users.findWithPasswordHash(dto.email);
    const ok = await this.hasher.verify(dto.password, user?.passwordHash);
    if (!user || !ok) {
      await this.throttle.recordFailure(dto.email, ip);
      throw new DomainException('INVALID_CREDENTIALS', 'Email or password is incorrect');
    }
    if (user.status !== 'active') throw new DomainException('USER_DISABLED', 'This account is disabled');
    await this.throttle.clear(dto.email);
    return { user: summarize(user), ...(await this.tokens.issue(user)) };
  }

  async refresh(refreshToken: string) {
    const userId = await this.tokens.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new DomainException('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or expired; sign in again');
    if (user.status !== 'active') throw new DomainException('USER_DISABLED', 'This account is disabled');
    return { user: summarize(user), ...(await this.tokens.issue(user)) };
  }

  async me(userId: string) {
    const user = await this.users.getById(userId);
    const balance = await this.credits.balance(userId);
    return { ...summarize(user), available: balance.available, vip: await this.vip.status(userId) };
  }
}
