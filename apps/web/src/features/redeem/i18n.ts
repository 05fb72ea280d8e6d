import i18next from 'i18next';

const zhCN = {
  title: '兑换码',
  placeholder: '输入兑换码，如 ABCD-EFGH-JKLM-N',
  submit: '兑换',
  done: '兑换成功：+{{credits}} 积分，当前余额 {{balance}} 积分',
  expires: '这些积分将于 {{date}} 过期',
  trialKey: '已为你创建 API 密钥（仅显示这一次，请立即保存）：',
  trialKeyQuota: '额度 {{quota}} 积分，首次使用后 {{days}} 天内有效',
};

const en: typeof zhCN = {
  title: 'Redemption code',
  placeholder: 'Enter a code, e.g. ABCD-EFGH-JKLM-N',
  submit: 'Redeem',
  done: 'Redeemed: +{{credits}} credits; your balance is {{balance}} credits',
  expires: 'These credits expire on {{date}}',
  trialKey: 'An API key was created for you (shown this once; save it now):',
  trialKeyQuota: 'Quota {{quota}} credits, valid for {{days}} days from its first use',
};

i18next.addResourceBundle('zh-CN', 'translation', { redeem: zhCN }, true, true);
i18next.addResourceBundle('en', 'translation', { redeem: en }, true, true);
