/** Every client-side path in one place (links, redirects and the router use these). */
export const ROUTES = {
  dashboard: '/',
  signIn: '/login',
  signUp: '/register',
  credits: '/credits',
  buy: '/buy',
  generate: '/generate',
  videos: '/videos',
  // Not /api-keys: the server keeps every path starting with /api for the API.
  apiKeys: '/keys',
  keyUsage: '/key-usage',
  admin: '/admin',
} as const;
