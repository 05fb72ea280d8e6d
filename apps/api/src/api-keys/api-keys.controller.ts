import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { AllowApiKey, CurrentPrincipal, SkipIdempotency } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { ApiKeysService } from './api-keys.service';
import { toApiKeyDto, toKeyUsageDto, toSettings } from './api-keys.mapper';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto, KeyUsageDto, UpdateApiKeyDto } from './dto/api-keys.dto';

/** A user's own keys. Managed with a session only: a key cannot mint or change keys. */
@ApiTags('api keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto, description: 'My keys, newest first (never their secrets)' })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyListDto> {
    const [keys, permission] = await Promise.all([
      this.apiKeys.listForUser(principal.userId),
      this.apiKeys.permission(principal.userId),
    ]);
    return { items: keys.map(toApiKeyDto), canCreate: permission.allowed };
  }

  @Post()
  @SkipIdempotency()
  @ApiOperation({
    summary: 'Create a key',
    description:
      'Needs the enterprise package or an admin’s approval (API_KEYS_NOT_ALLOWED otherwise). The `secret` is in this ' +
      'response only. Idempotency-Key is not honoured here (the secret is never stored to be replayed).',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.apiKeys.create(
      principal.userId,
      { ...toSettings(dto), name: dto.name },
      { id: principal.userId, asAdmin: false },
    );
    return { ...toApiKeyDto(key), secret };
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.get(id, principal.userId));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateApiKeyDto,
  ): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.update(id, { ...toSettings(dto), status: dto.status }, principal.userId));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key for good' })
  @ApiOkResponse({ type: ApiKeyDto })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revoke(id, principal.userId, principal.userId));
  }
}

/** The key's own usage, read with the key itself (e.g. a trial-card holder checking what is left). */
@ApiTags('api keys')
@Controller('key-usage')
export class KeyUsageController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @AllowApiKey()
  @ApiOkResponse({ type: KeyUsageDto })
  async usage(@CurrentPrincipal() principal: Principal): Promise<KeyUsageDto> {
    if (principal.via !== 'api_key' || !principal.apiKeyId) {
      throw new DomainException('VALIDATION_FAILED', 'Call this route with the API key itself: Authorization: Bearer rm_…');
    }
    return toKeyUsageDto(await this.apiKeys.get(principal.apiKeyId));
  }
}
