import { AdminOrderDto, OrderDto } from './dto/payments.dto';
import type { OrderView } from './payments.service';

export function toOrderDto(o: OrderView): OrderDto {
  return {
    id: o.id,
    outTradeNo: o.outTradeNo,
    packageId: o.packageId,
    packageName: o.packageName,
    amountFen: o.amountFen,
    credits: o.credits,
    bonusCredits: o.bonusCredits,
    vipBonusCredits: o.vipBonusCredits,
    vipLevel: o.vipLevel,
    channel: o.channel,
    status: o.status,
    ...(o.qrCode && o.status === 'pending' ? { qrCode: o.qrCode } : {}),
    ...(o.payUrl && o.status === 'pending' ? { payUrl: o.payUrl } : {}),
    expiresAt: o.expiresAt,
    paidAt: o.paidAt,
    closedAt: o.closedAt,
    refundedAt: o.refundedAt,
    createdAt: o.createdAt,
  };
}

export function toAdminOrderDto(o: OrderView): AdminOrderDto {
  return {
    ...toOrderDto(o),
    userId: o.userId,
    gatewayTradeNo: o.gatewayTradeNo,
    paidVia: o.paidVia,
    refundClawedBack: o.refundClawedBack,
    refundShortfall: o.refundShortfall,
    refundReason: o.refundReason,
  };
}
