/**
 * The typed ReelMeter API client, generated from docs/openapi.json (see ./generated/api.ts, never edited
 * by hand). Usage:
 *
 *   const api = createApiClient(axios.create({ baseURL, headers: { Authorization: `Bearer ${key}` } }));
 *   const balance = await api.creditsBalance();
 */
export * from './generated/api';
