import { readFileSync } from 'node:fs';

// Plain JavaScript so that `npm run api:client` needs no build step. Its output is the typed client
// (libs/api-client) and the SPA's API types (apps/web re-exports it); the staleness check of the committed
// file is in apps/api/test/api-client.e2e-spec.ts.
const { generateClient: generate, OPENAPI_FILE: SOURCE } = require('./generate-client.js') as {
  generateClient: (document: unknown) => string;
  OPENAPI_FILE: string;
};

describe('the API client generator', () => {
  it('describes every operation with its method, path, parameters and response', () => {
    const text: string = generate(JSON.parse(readFileSync(SOURCE, 'utf8')));
    expect(text).toContain('export interface LedgerEntryDto {');
    expect(text).toMatch(/Credits_ledger: \{\n {4}method: "get";\n {4}path: "\/api\/v1\/credits\/ledger";/);
    expect(text).toContain('kind?: "signup_bonus" | "purchase"');
    expect(text).toContain('Auth_register: { method: "post", path: "/api/v1/auth/register" }');
    // nullable and optional are kept apart
    expect(text).toMatch(/ {2}displayName: string \| null;/);
    expect(text).toMatch(/ {2}displayName\?: string;/);
  });

  it('turns schema shapes into TypeScript', () => {
    const text: string = generate({
      openapi: '3.0.0',
      paths: {
        '/api/v1/things/{id}': {
          patch: {
            operationId: 'Things_update',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Patch' } } } },
            responses: {
              '200': {
                content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            properties: { 'x-y': { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
            required: ['x-y'],
          },
          Patch: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'], nullable: true } } },
          Bag: { type: 'object', additionalProperties: { type: 'number' } },
        },
      },
    });
    expect(text).toContain('export interface Thing {\n  "x-y": number;\n  tags?: string[];\n}');
    expect(text).toContain('mode?: "a" | "b" | null;');
    expect(text).toContain('export type Bag = Record<string, number>;');
    expect(text).toContain('pathParams: {\n      id: string;\n    };');
    expect(text).toContain('body: Patch;');
    expect(text).toContain('response: Thing[];');
    expect(text).toContain('thingsUpdate: (id: string, body?: Patch, config?: AxiosRequestConfig): Promise<Thing[]>');
  });
});
