// The SPA's API types and operation table come from the one generated client (libs/api-client),
// itself generated from docs/openapi.json by `npm run api:gen`. Only type imports and the OPERATIONS
// table are used here, so the bundle keeps nothing else of it.
export * from '../../../../../libs/api-client/src/generated/api';
