import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal, Roles } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { decodeTimeCursor, encodeTimeCursor, toPage } from '../common/pagination/pagination';
import { ChannelRow } from './alerts.repository';
import { AlertsService } from './alerts.service';
import {
  AlertChannelDto,
  AlertDto,
  AlertPageDto,
  AlertRuleDto,
  AlertsQueryDto,
  ChannelTestResultDto,
  CreateAlertChannelDto,
  CreatedAlertChannelDto,
  UpdateAlertChannelDto,
  UpdateAlertRuleDto,
} from './dto/alerts.dto';

function toChannelDto(channel: ChannelRow): AlertChannelDto {
  const config = channel.config as { recipients?: string[]; url?: string; format?: string; secret?: string };
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    enabled: channel.enabled,
    minSeverity: channel.minSeverity,
    locale: channel.locale,
    ...(channel.type === 'email'
      ? { recipients: config.recipients }
      : { url: config.url, format: config.format, secretHint: config.secret ? `…${config.secret.slice(-4)}` : undefined }),
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}

@ApiTags('admin: alerts')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('alerts')
  @ApiOkResponse({ type: AlertPageDto, description: 'Newest activity first' })
  async list(@Query() query: AlertsQueryDto): Promise<AlertPageDto> {
    const limit = query.limit ?? 50;
    const before = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
    const rows = await this.alerts.list({
      status: query.status,
      before: before && { lastSeenAt: before.at, id: before.id },
      limit: limit + 1,
    });
    return {
      ...toPage(rows, limit, (last) => encodeTimeCursor(last.lastSeenAt, last.id)),
      openCount: await this.alerts.countOpen(),
    };
  }

  @Post('alerts/:id/ack')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertDto, description: 'Acknowledged: no more repeat notifications for this alert' })
  ack(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AlertDto> {
    return this.alerts.acknowledge(id, principal.userId);
  }

  @Get('alert-channels')
  @ApiOkResponse({ type: [AlertChannelDto] })
  async channels(): Promise<AlertChannelDto[]> {
    return (await this.alerts.channels()).map(toChannelDto);
  }

  @Get('alert-channels/:id')
  @ApiOkResponse({ type: AlertChannelDto })
  async channel(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertChannelDto> {
    return toChannelDto(await this.alerts.channel(id));
  }

  @Post('alert-channels')
  @ApiCreatedResponse({ type: CreatedAlertChannelDto })
  async createChannel(@Body() dto: CreateAlertChannelDto): Promise<CreatedAlertChannelDto> {
    const { type, name, enabled, minSeverity, locale } = dto;
    if (type === 'email' && !dto.recipients)
      throw new DomainException('VALIDATION_FAILED', 'recipients is required for e-mail channels');
    if (type === 'webhook' && !dto.url) throw new DomainException('VALIDATION_FAILED', 'url is required for webhook channels');
    const { channel, secret } =
      type === 'email'
        ? await this.alerts.createChannel({ type, name, enabled, minSeverity, locale, recipients: dto.recipients! })
        : await this.alerts.createChannel({ type, name, enabled, minSeverity, locale, url: dto.url!, format: dto.format });
    return { ...toChannelDto(channel), ...(secret ? { secret } : {}) };
  }

  @Patch('alert-channels/:id')
  @ApiOkResponse({ type: AlertChannelDto })
  async updateChannel(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAlertChannelDto,
  ): Promise<AlertChannelDto> {
    return toChannelDto(await this.alerts.updateChannel(id, dto));
  }

  @Delete('alert-channels/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteChannel(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.alerts.deleteChannel(id);
  }

  @Post('alert-channels/:id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: ChannelTestResultDto, description: 'Sends a test notification now' })
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<ChannelTestResultDto> {
    return this.alerts.testChannel(id);
  }

  @Get('alert-rules')
  @ApiOkResponse({ type: [AlertRuleDto] })
  rules(): Promise<AlertRuleDto[]> {
    return this.alerts.rules();
  }

  @Get('alert-rules/:key')
  @ApiOkResponse({ type: AlertRuleDto })
  rule(@Param('key') key: string): Promise<AlertRuleDto> {
    return this.alerts.rule(key);
  }

  @Patch('alert-rules/:key')
  @ApiOkResponse({ type: AlertRuleDto })
  updateRule(@Param('key') key: string, @Body() dto: UpdateAlertRuleDto): Promise<AlertRuleDto> {
    for (const [name, value] of Object.entries(dto.params ?? {})) {
      if (!/^[a-zA-Z]{1,40}$/.test(name) || !Number.isSafeInteger(value) || value < 0) {
        throw new DomainException('VALIDATION_FAILED', `params.${name} must be a whole number ≥ 0`);
      }
    }
    return this.alerts.updateRule(key, dto);
  }
}
