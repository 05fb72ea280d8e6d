import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../common/decorators/auth.decorators';
import { QuotaDto } from './dto/upstream.dto';
import { UserQuotaService } from './user-quota.service';

@ApiTags('quota')
@ApiBearerAuth()
@Controller('quota')
export class QuotaController {
  constructor(private readonly quota: UserQuotaService) {}

  /** The caller's upstream quota card: credits bought, spent upstream, remaining. */
  @Get()
  @ApiOkResponse({ type: QuotaDto })
  get(@CurrentPrincipal() principal: Principal): Promise<QuotaDto> {
    return this.quota.get(principal.userId);
  }
}
