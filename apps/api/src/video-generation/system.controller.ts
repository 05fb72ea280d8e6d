import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Public, Roles } from '../common/decorators/auth.decorators';
import { SystemStatusDto, UpdateSystemStatusDto } from './dto/video.dto';
import { SystemStatusService } from './system-status.service';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(private readonly status: SystemStatusService) {}

  @Get('system/status')
  @Public()
  @ApiOkResponse({
    type: SystemStatusDto,
    description: 'normal | degraded (no healthy upstream) | maintenance, with a banner message',
  })
  get(): Promise<SystemStatusDto> {
    return this.status.status();
  }

  @Put('admin/system/status')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: SystemStatusDto })
  set(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateSystemStatusDto): Promise<SystemStatusDto> {
    return this.status.setMaintenance(dto, principal.userId);
  }
}
