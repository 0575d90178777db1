import { describe, expect, it } from 'vitest';
import { memoryValidatorCache as memoryCache } from '../testing.ts';
import { compileSchema, validatorKey } from './compile.ts';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z]+$' },
    cidr: { type: 'string', format: 'cidr' },
    ip: { type: 'string', format: 'ip' },
    host: { type: 'string', format: 'hostname' },
    uri: { type: 'string', format: 'uri' },
    mtu: { type: 'integer', minimum: 1280, default: 1500 },
    tags: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
  },
} as const;

const INPUTS: unknown[] = [
  { name: 'lab' },
  { name: 'lab', cidr: '10.0.0.0/8', ip: '192.168.1.1', host: 'a.example.org', uri: 'https://x.example/y', tags: ['a'] },
  { name: 'Lab', cidr: '10.0.0.1/33', ip: '300.1.1.1', host: '-bad-', uri: 'not a uri', mtu: 9, tags: [''], extra: true },
  { cidr: 7 },
  'not an object',
];

/** What a validator says about a fresh copy of `input`: its verdict, its errors and the data after defaults. */
function verdict(validate: ReturnType<typeof compileSchema>, input: unknown) {
  const data = structuredClone(input);
  const ok = validate(data);
  return { ok, errors: validate.errors ?? null, data };
}

describe('compileSchema with a validator cache', () => {
  it('stores the compiled validator once, and the cached one judges and defaults exactly like a fresh compile', () => {
    const cache = memoryCache();
    const fresh = compileSchema(SCHEMA, { useDefaults: true });
    const first = compileSchema(SCHEMA, { useDefaults: true }, cache);
    expect(cache.texts.size).toBe(1);
    expect(cache.loads).toBe(0);
    const cached = compileSchema(SCHEMA, { useDefaults: true }, cache);
    expect(cache.loads).toBe(1);
    for (const input of INPUTS) {
      expect(verdict(cached, input)).toEqual(verdict(fresh, input));
      expect(verdict(first, input)).toEqual(verdict(fresh, input));
    }
    // The formats strata adds are really checked by the cached code.
    expect(verdict(cached, { name: 'a', cidr: '10.0.0.1/33' }).errors?.map((e) => e.params)).toEqual([{ format: 'cidr' }]);
  });

  it('keys on the schema and the options, so a changed schema or default policy compiles again', () => {
    const base = validatorKey(SCHEMA, { useDefaults: true });
    expect(validatorKey(SCHEMA, { useDefaults: true })).toBe(base);
    expect(validatorKey(SCHEMA, { useDefaults: false })).not.toBe(base);
    expect(validatorKey({ ...SCHEMA, required: [] }, { useDefaults: true })).not.toBe(base);
    expect(validatorKey(SCHEMA, { useDefaults: true, keywords: ['x-strata-merge'] })).not.toBe(base);
  });

  it('replaces an entry that does not evaluate, instead of failing', () => {
    const cache = memoryCache();
    cache.texts.set(validatorKey(SCHEMA, { useDefaults: false }), 'module.exports = function () { throw new Error("stale"); };');
    const validate = compileSchema(SCHEMA, { useDefaults: false }, cache);
    expect(validate({ name: 'ok' })).toBe(true);
    expect(cache.texts.get(validatorKey(SCHEMA, { useDefaults: false }))).toContain('strataValidator');
  });
});
