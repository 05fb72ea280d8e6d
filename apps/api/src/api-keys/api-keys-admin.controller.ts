import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles, SkipIdempotency } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { ApiKeysService } from './api-keys.service';
import { toApiKeyDto, toSettings } from './api-keys.mapper';
import {
  AdminApiKeyPageDto,
  AdminApiKeysQueryDto,
  AdminCreateApiKeyDto,
  AdminUpdateApiKeyDto,
  ApiKeyDto,
  ApiKeyPermissionDto,
  CreatedApiKeyDto,
  SetApiKeyPermissionDto,
} from './dto/api-keys.dto';

function encodeCursor(item: { createdAt: Date; id: string }): string {
  return Buffer.from(`${item.createdAt.toISOString()}|${item.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso);
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new DomainException('VALIDATION_FAILED', 'cursor is not valid');
  }
  return { createdAt, id };
}

@ApiTags('admin: api keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/api-keys')
export class ApiKeysAdminController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: AdminApiKeyPageDto })
  async list(@Query() query: AdminApiKeysQueryDto): Promise<AdminApiKeyPageDto> {
    const limit = query.limit ?? 20;
    const rows = await this.apiKeys.list({
      userId: query.userId,
      status: query.status,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items: items.map(toApiKeyDto), nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }

  @Post()
  @SkipIdempotency()
  @ApiOperation({ summary: 'Create a key for any user (e.g. a one-week trial key with a small quota); the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: AdminCreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.apiKeys.create(
      dto.userId,
      { ...toSettings(dto), name: dto.name },
      { id: principal.userId, asAdmin: true },
    );
    return { ...toApiKeyDto(key), secret };
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AdminUpdateApiKeyDto): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.update(id, { ...toSettings(dto), status: dto.status }));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key for good' })
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revoke(id, principal.userId));
  }
}

/** Whether a user may create their own keys (also granted by buying a package with the API-key flag). */
@ApiTags('admin: api keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class ApiKeyPermissionsAdminController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get(':id/api-key-permission')
  @ApiOkResponse({ type: ApiKeyPermissionDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyPermissionDto> {
    return this.apiKeys.permission(id);
  }

  @Put(':id/api-key-permission')
  @ApiOkResponse({ type: ApiKeyPermissionDto })
  set(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetApiKeyPermissionDto,
  ): Promise<ApiKeyPermissionDto> {
    return dto.allowed
      ? this.apiKeys.grantPermission(undefined, id, { source: 'admin', grantedBy: principal.userId })
      : this.apiKeys.withdrawPermission(id);
  }
}
