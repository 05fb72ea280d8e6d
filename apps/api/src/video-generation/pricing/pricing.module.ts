import { Module } from '@nestjs/common';
import { PricingService } from './pricing.service';

/** The price table on its own, so credits (consume by action) and the video module both read it. */
@Module({ providers: [PricingService], exports: [PricingService] })
export class PricingModule {}
