import { QRCodeSVG } from 'qrcode.react';

/** The payment QR code, drawn in the browser (its own lazy chunk: only a pending order needs it). */
export default function QrCode({ value }: { value: string }) {
  return <QRCodeSVG value={value} size={200} marginSize={2} data-testid="order-qr" />;
}
