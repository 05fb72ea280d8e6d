import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LedgerVerification, verifyLedger } from './ledger-verifier';

@Injectable()
export class LedgerVerifierService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  verify(): Promise<LedgerVerification> {
    return verifyLedger(this.dataSource);
  }
}
