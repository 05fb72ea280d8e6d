/**
 * Generates the typed API client (libs/api-client/src/generated/api.ts) from docs/openapi.json:
 * one TypeScript type per components.schemas entry, one typed axios function per operation, and an
 * `Operations` type with an `OPERATIONS` table (method and path by operationId) that the SPA's `call()`
 * uses — the SPA re-exports this module instead of having a generator of its own, and a bundler keeps
 * only the table from it (the client functions are never imported there).
 * Run by `npm run api:gen` (after the OpenAPI document) or alone with `npm run api:client`.
 * A test regenerates it in memory and fails when the committed file is stale.
 *
 * Written here rather than taken from openapi-typescript, whose peer dependency is TypeScript 5 (we pin 6).
 * It covers what our document uses: $ref, object/array/enum/nullable, allOf/oneOf/anyOf, path/query
 * parameters, JSON request bodies and JSON or text responses.
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function refName(ref) {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(prefix.length);
}

function propertyKey(name) {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function comment(schema, indent) {
  const parts = [];
  if (schema.description) parts.push(schema.description);
  if (schema.format && schema.format !== 'date-time') parts.push(`format: ${schema.format}`);
  if (!parts.length) return '';
  return `${indent}/** ${parts
    .join(' — ')
    .replace(/\*\//g, '*\\/')
    .replace(/\s*\n\s*/g, ' ')} */\n`;
}

/** The TypeScript type of a JSON schema. */
function typeOf(schema, indent = '') {
  if (!schema) return 'unknown';
  let type;
  if (schema.$ref) type = refName(schema.$ref);
  else if (schema.allOf) type = schema.allOf.map((s) => typeOf(s, indent)).join(' & ');
  else if (schema.oneOf || schema.anyOf) type = (schema.oneOf ?? schema.anyOf).map((s) => typeOf(s, indent)).join(' | ');
  else if (schema.enum) type = schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (schema.type === 'array') {
    const item = typeOf(schema.items, indent);
    type = /^[\w.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
  } else if (schema.type === 'object' || schema.properties) type = objectType(schema, indent);
  else if (schema.type === 'string') type = 'string';
  else if (schema.type === 'integer' || schema.type === 'number') type = 'number';
  else if (schema.type === 'boolean') type = 'boolean';
  else type = 'unknown';
  return schema.nullable && type !== 'unknown' ? `${type} | null` : type;
}

function objectType(schema, indent) {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) {
    if (schema.additionalProperties)
      return `Record<string, ${schema.additionalProperties === true ? 'unknown' : typeOf(schema.additionalProperties, indent)}>`;
    return 'Record<string, unknown>';
  }
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = props.map(
    ([name, prop]) =>
      `${comment(prop, inner)}${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${typeOf(prop, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `ApiKeysAdmin_list` → `apiKeysAdminList`. */
function functionName(operationId) {
  const words = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
}

function successResponse(operation, indent = '  ') {
  for (const status of ['200', '201', '202', '204']) {
    const response = operation.responses?.[status];
    if (!response) continue;
    const content = response.content ?? {};
    if (content['application/json']) return { type: typeOf(content['application/json'].schema, indent), responseType: null };
    const text = Object.keys(content).find((c) => c.startsWith('text/'));
    if (text) return { type: 'string', responseType: 'text' };
    return { type: 'void', responseType: null };
  }
  return { type: 'unknown', responseType: null };
}

function operationSource(path, method, operation) {
  if (!operation.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
  const name = functionName(operation.operationId);
  const params = operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const body = operation.requestBody?.content?.['application/json'];
  const { type: resultType, responseType } = successResponse(operation);

  const args = pathParams.map((p) => `${p.name}: ${typeOf(p.schema, '  ')}`);
  if (body) args.push(`body${operation.requestBody.required ? '' : '?'}: ${typeOf(body.schema, '  ')}`);
  if (queryParams.length) {
    const fields = queryParams.map((p) => `${propertyKey(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, '    ')}`);
    const anyRequired = queryParams.some((p) => p.required);
    args.push(`query${anyRequired ? '' : '?'}: { ${fields.join('; ')} }`);
  }
  args.push('config?: AxiosRequestConfig');

  const url = path.replace(/\{([^}]+)\}/g, (_, p) => `\${encodeURIComponent(String(${p}))}`);
  const options = ['...config'];
  if (queryParams.length) options.push('params: { ...config?.params, ...query }');
  if (responseType) options.push(`responseType: '${responseType}'`);
  const call = body
    ? `http.${method}<${resultType}>(\`${url}\`, body, { ${options.join(', ')} })`
    : method === 'get' || method === 'delete'
      ? `http.${method}<${resultType}>(\`${url}\`, { ${options.join(', ')} })`
      : `http.${method}<${resultType}>(\`${url}\`, undefined, { ${options.join(', ')} })`;

  const doc = [operation.summary, operation.description].filter(Boolean).join(' — ');
  const security = (operation.security ?? []).flatMap((s) => Object.keys(s));
  const notes = [
    `${method.toUpperCase()} ${path}`,
    doc,
    security.includes('apiKey') ? 'Accepts an API key.' : '',
    headerParams.length ? `Headers: ${headerParams.map((h) => h.name).join(', ')}.` : '',
  ].filter(Boolean);
  return (
    `    /** ${notes
      .join(' — ')
      .replace(/\*\//g, '*\\/')
      .replace(/\s*\n\s*/g, ' ')} */\n` +
    `    ${name}: (${args.join(', ')}): Promise<${resultType}> =>\n      ${call}.then((r) => r.data),`
  );
}

/** A `{ name: type }` object type of the parameters in one place (path or query), or `never`. */
function parametersType(params, where, indent) {
  const selected = params.filter((p) => p.in === where);
  if (!selected.length) return 'never';
  const lines = selected.map((p) => `${indent}  ${propertyKey(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, `${indent}  `)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `Operations` (parameters, body and success response of every operationId) and the `OPERATIONS` table. */
function operationsSource(document) {
  const entries = [];
  const table = [];
  for (const path of Object.keys(document.paths).sort()) {
    for (const method of METHODS) {
      const operation = document.paths[path][method];
      if (!operation) continue;
      const params = [...(document.paths[path].parameters ?? []), ...(operation.parameters ?? [])];
      const body = operation.requestBody?.content?.['application/json'];
      const i = '    ';
      const { type: response } = successResponse(operation, i);
      const key = propertyKey(operation.operationId);
      entries.push(
        [
          `  ${key}: {`,
          `${i}method: ${JSON.stringify(method)};`,
          `${i}path: ${JSON.stringify(path)};`,
          `${i}pathParams: ${parametersType(params, 'path', i)};`,
          `${i}query: ${parametersType(params, 'query', i)};`,
          `${i}body: ${body ? typeOf(body.schema, i) : 'never'};`,
          `${i}response: ${response === 'unknown' ? 'void' : response};`,
          '  };',
        ].join('\n'),
      );
      table.push(`  ${key}: { method: ${JSON.stringify(method)}, path: ${JSON.stringify(path)} },`);
    }
  }
  return `/** Every operation by operationId: method, path, parameters, JSON body and the JSON of its success response. */
export interface Operations {
${entries.join('\n')}
}

export type OperationId = keyof Operations;

/** Method and path of every operation, for a client that calls operations by id at run time. */
export const OPERATIONS = {
${table.join('\n')}
} as const satisfies Record<OperationId, { method: string; path: string }>;`;
}

/** The generated module's source for an OpenAPI document. */
function generateClient(document) {
  const schemas = Object.entries(document.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const types = schemas.map(([name, schema]) => {
    const type = typeOf(schema);
    return `${comment(schema, '')}${type.startsWith('{') ? `export interface ${name} ${type}` : `export type ${name} = ${type};`}`;
  });
  const operations = [];
  for (const path of Object.keys(document.paths).sort()) {
    for (const method of METHODS) {
      const operation = document.paths[path][method];
      if (operation) operations.push(operationSource(path, method, operation));
    }
  }
  return `/* eslint-disable */
// Generated from docs/openapi.json by libs/api-client/scripts/generate-client.js — do not edit.
// Regenerate with \`npm run api:gen\`; a test fails when this file is stale.
import type { AxiosInstance, AxiosRequestConfig } from 'axios';

/** ${document.info?.title ?? 'API'} ${document.info?.version ?? ''} */
export const API_VERSION = ${JSON.stringify(document.info?.version ?? '')};

${types.join('\n\n')}

${operationsSource(document)}

/** One typed function per operation; each resolves to the response body. */
export function createApiClient(http: AxiosInstance) {
  return {
${operations.join('\n')}
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
`;
}

const ROOT = join(__dirname, '../../..');
const OPENAPI_FILE = join(ROOT, 'docs/openapi.json');
const OUTPUT_FILE = join(ROOT, 'libs/api-client/src/generated/api.ts');

module.exports = { generateClient, OPENAPI_FILE, OUTPUT_FILE };

if (require.main === module) {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  mkdirSync(dirname(OUTPUT_FILE), { recursive: true });
  writeFileSync(OUTPUT_FILE, generateClient(document));
  console.log(`wrote ${OUTPUT_FILE}`);
}
