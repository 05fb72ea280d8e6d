/** Every client-side path in one place (links, redirects and the router use these). */
export const ROUTES = {
  dashboard: '/',
  signIn: '/login',
  signUp: '/register',
  credits: '/credits',
  buy: '/buy',
  admin: '/admin',
} as const;
