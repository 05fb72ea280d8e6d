import i18next from 'i18next';

// Loaded with the buy page's chunk: these strings do not weigh on other pages' first load.
const zhCN = {
  title: '购买积分',
  packages: '选择套餐',
  credits: '{{credits}} 积分',
  bonus: '另赠 {{credits}} 积分',
  validity: '有效期 {{days}} 天',
  noExpiry: '长期有效',
  apiKeys: '含 API 密钥权限',
  channel: '支付方式',
  channels: { alipay: '支付宝', wechat: '微信支付', sandbox: '沙箱（测试）' },
  pay: '去支付 {{price}}',
  scan: '请使用{{channel}}扫码支付 {{price}}',
  openPayPage: '或在新窗口打开支付页面',
  waiting: '等待支付结果…',
  expiresIn: '订单将在 {{time}} 后关闭',
  simulate: '模拟支付成功',
  paidTitle: '支付成功',
  paidSubtitle: '已到账 {{credits}} 积分，当前余额 {{balance}} 积分',
  expiredTitle: '订单已关闭',
  expiredSubtitle: '订单已超时未支付，请重新下单',
  tryAgain: '重新下单',
  another: '继续购买',
  cancel: '取消',
  none: '暂无可购买的套餐',
  noChannel: '暂无可用的支付方式，请联系管理员',
};

const en: typeof zhCN = {
  title: 'Buy credits',
  packages: 'Choose a package',
  credits: '{{credits}} credits',
  bonus: '+{{credits}} bonus credits',
  validity: 'Valid for {{days}} days',
  noExpiry: 'Never expire',
  apiKeys: 'Includes API keys',
  channel: 'Pay with',
  channels: { alipay: 'Alipay', wechat: 'WeChat Pay', sandbox: 'Sandbox (test)' },
  pay: 'Pay {{price}}',
  scan: 'Scan with {{channel}} to pay {{price}}',
  openPayPage: 'or open the payment page',
  waiting: 'Waiting for the payment…',
  expiresIn: 'The order closes in {{time}}',
  simulate: 'Simulate a successful payment',
  paidTitle: 'Payment received',
  paidSubtitle: '{{credits}} credits added; your balance is {{balance}} credits',
  expiredTitle: 'Order closed',
  expiredSubtitle: 'The order was not paid in time; please place a new one',
  tryAgain: 'Try again',
  another: 'Buy more',
  cancel: 'Cancel',
  none: 'No packages on sale',
  noChannel: 'No payment method is available; please contact the operator',
};

i18next.addResourceBundle('zh-CN', 'translation', { buy: zhCN }, true, true);
i18next.addResourceBundle('en', 'translation', { buy: en }, true, true);
