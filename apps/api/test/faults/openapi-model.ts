import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The routes of docs/openapi.json, and request values generated from their schemas: valid-ish ones
 * (what a well-behaved client would send) and garbage (what a hostile or broken one would).
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}

export interface Route {
  method: Method;
  /** The templated path, e.g. /api/v1/videos/{id}. */
  path: string;
  /** 'public' (no security), 'bearer' (a user's token only) or 'key' (a token or an API key), 'keyOnly'. */
  auth: 'public' | 'bearer' | 'key' | 'keyOnly';
  admin: boolean;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: Schema;
  bodyType?: string;
}

export const openapi = JSON.parse(readFileSync(join(__dirname, '../../../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: { schemas: Record<string, Schema> };
};

export function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(openapi.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) {
    return schema.allOf.map(resolve).reduce<Schema>(
      (acc, s) => ({
        ...acc,
        ...s,
        properties: { ...acc.properties, ...s.properties },
        required: [...(acc.required ?? []), ...(s.required ?? [])],
      }),
      { nullable: schema.nullable },
    );
  }
  return schema;
}

export const routes: Route[] = Object.entries(openapi.paths).flatMap(([path, ops]) =>
  (Object.entries(ops) as [Method, Operation][]).map(([method, op]) => {
    const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
    const auth: Route['auth'] =
      schemes.length === 0
        ? 'public'
        : schemes.includes('apiKey') && schemes.includes('bearer')
          ? 'key'
          : schemes.includes('apiKey')
            ? 'keyOnly'
            : 'bearer';
    const [bodyType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
    return {
      method,
      path,
      auth,
      admin: path.startsWith('/api/v1/admin/'),
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path'),
      queryParams: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: media ? resolve(media.schema) : undefined,
      bodyType,
    };
  }),
);

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

function uuidFrom(rand: Rand): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A value a careful client would send for `schema` (examples and enums first, bounds respected). */
export function validValue(input: Schema | undefined, rand: Rand, depth = 0): unknown {
  const schema = resolve(input);
  if (schema.enum?.length) return pick(rand, schema.enum);
  if (schema.example !== undefined && rand() < 0.7) return schema.example;
  if (schema.default !== undefined && rand() < 0.5) return schema.default;
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = Math.min(schema.maximum ?? min + 1000, min + 1_000_000);
      return int(rand, min, max);
    }
    case 'boolean':
      return rand() < 0.5;
    case 'array':
      return depth > 3 ? [] : Array.from({ length: int(rand, 0, 2) }, () => validValue(schema.items, rand, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (depth > 3) break;
        if (schema.required?.includes(key) || rand() < 0.5) out[key] = validValue(prop, rand, depth + 1);
      }
      return out;
    }
    case 'string':
    default: {
      if (schema.format === 'uuid') return uuidFrom(rand);
      if (schema.format === 'email') return `fuzz-${int(rand, 0, 1e9)}@example.com`;
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 10, int(rand, 1, 28))).toISOString();
      if (schema.format === 'date') return `2026-11-${String(int(rand, 1, 28)).padStart(2, '0')}`;
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/hook';
      const min = schema.minLength ?? 1;
      const max = Math.min(schema.maxLength ?? 40, 40);
      const length = int(rand, min, Math.max(min, max));
      return Array.from({ length }, () => pick(rand, 'abcdefghijklmnopqrstuvwxyz0123456789'.split(''))).join('');
    }
  }
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00%ff',
  '😀😀😀🎬',
  '\uD800',
  'Ω≈ç√∫˜µ≤≥÷',
  '中文测试视频',
  '\u202Eevil',
  '{"$gt":""}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '9999-99-99',
  '1970-01-01T00:00:00Z',
];

const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  9007199254740991,
  9007199254740992,
  -9007199254740992,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

/** A value that breaks `schema`: the wrong type, out of range, huge, odd unicode, nested junk. */
export function garbageValue(input: Schema | undefined, rand: Rand): unknown {
  const schema = resolve(input);
  const r = rand();
  if (r < 0.15) return pick(rand, HOSTILE_STRINGS);
  if (r < 0.3) return pick(rand, HOSTILE_NUMBERS);
  if (r < 0.35) return 'x'.repeat(pick(rand, [256, 2001, 10_000, 100_000]));
  if (r < 0.4) return pick(rand, [null, true, false, [], {}, [null], { a: { b: { c: [] } } }]);
  if (r < 0.45) return '😀'.repeat(int(rand, 100, 3000));
  if (r < 0.5) return Array.from({ length: 500 }, () => pick(rand, HOSTILE_STRINGS));
  if (schema.type === 'object' && schema.properties) return garbageBody(schema, rand);
  return pick(rand, [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, {}, []]);
}

/** A request body built from the schema with one or more fields broken, missing or added. */
export function garbageBody(input: Schema | undefined, rand: Rand): unknown {
  const schema = resolve(input);
  const base = validValue(schema, rand);
  if (!base || typeof base !== 'object' || Array.isArray(base)) return garbageValue(undefined, rand);
  const body = base as Record<string, unknown>;
  const keys = Object.keys(schema.properties ?? {});
  const moves = int(rand, 1, 3);
  for (let i = 0; i < moves; i++) {
    const r = rand();
    if (r < 0.5 && keys.length) {
      const key = pick(rand, keys);
      body[key] = garbageValue(schema.properties![key], rand);
    } else if (r < 0.65 && keys.length) {
      delete body[pick(rand, keys)];
    } else if (r < 0.8) {
      body[pick(rand, ['userId', 'role', 'isAdmin', '__proto__', 'constructor', 'available', 'balance', 'status', 'id'])] = pick(
        rand,
        ['admin', true, 1_000_000, { polluted: true }, uuidFrom(rand)],
      );
    } else {
      body[`extra_${int(rand, 0, 999)}`] = garbageValue(undefined, rand);
    }
  }
  return body;
}

/** Raw bodies that are not what the Content-Type promises. */
export const BAD_RAW_BODIES = [
  '{',
  '{"a":',
  '[',
  'null',
  '"string"',
  '123',
  'true',
  '{"a":1}}',
  '\u0000\u0001\u0002',
  '{"a":"\\ud800"}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1e999}',
  `{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
];

export const BAD_PATH_IDS = [
  'not-a-uuid',
  '0',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-4000-8000-00000000000g',
  '%27%20OR%201%3D1',
  '..%2F..%2Fadmin',
  '😀',
  'a'.repeat(300),
  '1e309',
  'null',
  '9223372036854775808',
];

export { int, pick, uuidFrom };
