import type { OrderDto } from './dto/payments.dto';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox "gateway" pay page (what the QR code points at). Development only. */
export function sandboxPage(order: OrderDto): string {
  const yuan = `¥${Math.trunc(order.amountFen / 100)}.${String(order.amountFen % 100).padStart(2, '0')}`;
  const pending = order.status === 'pending';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sandbox payment</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:40px auto;padding:0 16px}
button{font-size:18px;padding:12px 24px;border-radius:8px;border:0;background:#1677ff;color:#fff;cursor:pointer}
.note{color:#888;font-size:13px}</style></head>
<body>
<h1>Sandbox payment</h1>
<p class="note">A test gateway: no money moves. It sends a signed notification through the same path as Alipay and WeChat Pay.</p>
<p><strong>${escape(order.packageName)}</strong> — ${escape(yuan)} → ${order.credits + order.bonusCredits} credits</p>
<p>Order <code>${escape(order.outTradeNo)}</code>: <strong id="status">${escape(order.status)}</strong></p>
${pending ? `<button id="pay">Pay ${escape(yuan)}</button>` : ''}
<script>
const b = document.getElementById('pay');
if (b) b.onclick = async () => {
  b.disabled = true;
  const r = await fetch('/api/v1/payments/sandbox/${escape(order.id)}/pay', { method: 'POST' });
  const body = await r.json();
  document.getElementById('status').textContent = body.status || body.message;
  b.remove();
};
</script>
</body></html>`;
}
