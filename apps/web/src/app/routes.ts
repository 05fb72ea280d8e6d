/** Every client-side path in one place (links, redirects and the router use these). */
export const ROUTES = {
  dashboard: '/',
  signIn: '/login',
  signUp: '/register',
  credits: '/credits',
  buy: '/buy',
  generate: '/generate',
  videos: '/videos',
  apiKeys: '/api-keys',
  keyUsage: '/key-usage',
  admin: '/admin',
} as const;
