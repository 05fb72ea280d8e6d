import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { decodeTimeCursor, encodeTimeCursor, toPage } from '../common/pagination/pagination';
import { CreditsService } from '../credits/credits.service';
import { AdminUserDetailDto, AdminUserPageDto, UpdateUserDto, UsersQueryDto } from './dto/admin-users.dto';
import { summarize, UsersService } from './users.service';

@ApiTags('admin: users')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class UsersAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly credits: CreditsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: AdminUserPageDto })
  async list(@Query() query: UsersQueryDto): Promise<AdminUserPageDto> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
    const rows = await this.users.list({
      query: query.query?.trim() || undefined,
      after: after && { createdAt: after.at, id: after.id },
      limit: limit + 1,
    });
    return toPage(rows, limit, (last) => encodeTimeCursor(last.createdAt, last.id));
  }

  @Get(':id')
  @ApiOkResponse({ type: AdminUserDetailDto })
  async detail(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminUserDetailDto> {
    const user = await this.users.getById(id);
    return { ...summarize(user), balance: await this.credits.balance(id) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: AdminUserDetailDto, description: 'Disable or re-enable a user' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<AdminUserDetailDto> {
    if (id === principal.userId && dto.status === 'disabled') {
      throw new DomainException('VALIDATION_FAILED', 'Admins cannot disable their own account');
    }
    const user = await this.users.setStatus(id, dto.status);
    return { ...summarize(user), balance: await this.credits.balance(id) };
  }
}
