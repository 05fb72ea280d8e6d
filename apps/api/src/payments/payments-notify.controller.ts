import { Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { PaymentChannel } from '@reelmeter/shared';
import { Public } from '../common/decorators/auth.decorators';
import { OrderDto } from './dto/payments.dto';
import { NotificationInput, NotificationRejected } from './gateways/payment-gateway';
import { toOrderDto } from './payments.mapper';
import { PaymentsService } from './payments.service';
import { sandboxPage } from './sandbox-page';

function toInput(req: Request): NotificationInput {
  return {
    headers: req.headers,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0),
    body: req.body,
    remoteIp: req.ip,
  };
}

/**
 * Gateway notifications. Each replies exactly as its gateway expects: Alipay the plain text
 * `success` (anything else makes it retry), WeChat Pay 204 or 4xx/5xx `{code:"FAIL",message}`.
 */
@ApiTags('payments')
@Public()
@Controller('payments')
export class PaymentsNotifyController {
  private readonly logger = new Logger('PaymentNotifications');

  constructor(private readonly payments: PaymentsService) {}

  @Post('alipay/notify')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Plain text `success` (accepted or already done) or `fail` (rejected; Alipay retries)' })
  async alipay(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ok = await this.run('alipay', req);
    res
      .status(200)
      .type('text/plain')
      .send(ok === true ? 'success' : 'fail');
  }

  @Post('wechat/notify')
  @ApiNoContentResponse({ description: 'Accepted (or already done); otherwise 4xx/5xx {code:"FAIL",message}' })
  async wechat(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ok = await this.run('wechat', req);
    if (ok === true) res.status(204).end();
    else res.status(ok.status).json({ code: 'FAIL', message: ok.message });
  }

  @Post('sandbox/notify')
  @ApiNoContentResponse({ description: 'Sandbox notifications (development only), answered like WeChat Pay' })
  async sandbox(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ok = await this.run('sandbox', req);
    if (ok === true) res.status(204).end();
    else res.status(ok.status).json({ code: 'FAIL', message: ok.message });
  }

  @Post('sandbox/:orderId/pay')
  @HttpCode(200)
  @ApiQuery({ name: 'deliver', required: false, enum: ['true', 'false'], description: 'false = the notification is "lost"' })
  @ApiOkResponse({ type: OrderDto, description: 'Sandbox only: pays the order through a signed notification' })
  async sandboxPay(
    @Param('orderId', new ParseUUIDPipe()) orderId: string,
    @Query('deliver') deliver?: string,
  ): Promise<OrderDto> {
    return toOrderDto(await this.payments.sandboxPay(orderId, { deliver: deliver !== 'false' }));
  }

  @Get('sandbox/:orderId/page')
  @ApiExcludeEndpoint()
  async sandboxPage(@Param('orderId', new ParseUUIDPipe()) orderId: string, @Res() res: Response): Promise<void> {
    const order = await this.payments.sandboxOrder(orderId);
    res
      .status(200)
      .type('text/html')
      .send(sandboxPage(toOrderDto(order)));
  }

  private async run(channel: PaymentChannel, req: Request): Promise<true | { status: number; message: string }> {
    try {
      await this.payments.handleNotification(channel, toInput(req));
      return true;
    } catch (error) {
      if (error instanceof NotificationRejected) return { status: 400, message: error.message };
      this.logger.error({ channel, err: (error as Error)?.message }, 'Notification handling failed; the gateway will retry');
      return { status: 500, message: 'Temporary failure, retry later' };
    }
  }
}
