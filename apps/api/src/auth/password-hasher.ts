import { Inject, Injectable } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * bcrypt over a SHA-256 of the password: bcrypt reads only 72 bytes, and a long (or multi-byte)
 * password must not be silently truncated.
 */
@Injectable()
export class PasswordHasher {
  /** Compared against when the email is unknown, so timing does not reveal which emails exist. */
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return hashPassword(password, this.config.auth.bcryptRounds);
  }

  verify(password: string, hash: string | undefined): Promise<boolean> {
    if (!hash) {
      this.dummyHash ??= this.hash('not-a-real-password');
      return this.dummyHash.then((dummy) => bcrypt.compare(prehash(password), dummy)).then(() => false);
    }
    return bcrypt.compare(prehash(password), hash);
  }
}

export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(prehash(password), rounds);
}

function prehash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('base64');
}
