import fc from 'fast-check';
import { z } from 'zod';

/**
 * Invalid values derived from zod schemas: the schema goes through z.toJSONSchema (input side),
 * and each node yields values that break it (wrong types, out of range, too long, wrong pattern,
 * missing and extra keys, deep nesting). Refinements are invisible there, so some values come out
 * valid by chance: the fuzzer only asserts that nothing answers ≥ 500 and that errors are well formed.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes are free-form
type JS = Record<string, any>;

export function jsonSchemaOf(schema: z.ZodType): JS {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JS;
}

const uuidish = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Values no field of this API accepts as they are, or only by accident. */
export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    0.1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 63,
    '',
    ' ',
    '12',
    '1e400',
    'NaN',
    'null',
    'true',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff\ud800',
    '\u202eevil',
    '👩‍👩‍👧‍👦'.repeat(40),
    "'; drop table orders; --",
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    uuidish.toUpperCase(),
    `${uuidish} `,
    `{${uuidish}}`,
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(100_000),
    'é'.repeat(5_000),
    [],
    {},
    [null],
    { '': '' },
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)),
);

export function deepNest(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

function typesOf(s: JS): string[] {
  if (s.const !== undefined) return [typeof s.const];
  if (s.enum) return ['enum'];
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type;
  const branches = (s.anyOf ?? s.oneOf ?? []) as JS[];
  return branches.flatMap(typesOf);
}

/** Values that break schema node `s` (most of the time). */
export function invalidFor(s: JS, depth = 0): fc.Arbitrary<unknown> {
  const out: fc.Arbitrary<unknown>[] = [nastyScalar, fc.constant(deepNest(64))];
  const types = typesOf(s);
  if (types.includes('integer') || types.includes('number')) {
    const min: number | undefined = s.minimum ?? s.anyOf?.find((b: JS) => b.minimum)?.minimum;
    const max: number | undefined = s.maximum ?? s.anyOf?.find((b: JS) => b.maximum)?.maximum;
    const edges = [1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2];
    if (min !== undefined) edges.push(min - 1, min - 0.5);
    if (max !== undefined) edges.push(max + 1, max + 0.5, max * 2);
    out.push(fc.constantFrom(...edges), fc.constantFrom('1', '0', `${max ?? 1}`));
  }
  if (types.includes('string') || types.includes('enum')) {
    const maxLength: number = s.maxLength ?? 500;
    out.push(
      fc.constantFrom('', 'x'.repeat(maxLength + 1), 'ü'.repeat(maxLength + 1), ' '.repeat(3)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      fc
        .constantFrom(...((s.enum as unknown[]) ?? [s.const ?? 'x']))
        .map((v) => (typeof v === 'string' ? `${v.toUpperCase()} ` : String(v))),
      fc.constantFrom(123, true, ['x'], { x: 1 }),
    );
  }
  if (types.includes('boolean')) out.push(fc.constantFrom('true', 1, 0, 'yes', null));
  if (types.includes('array')) {
    const items = (s.items ?? {}) as JS;
    const maxItems: number = s.maxItems ?? 200;
    out.push(
      fc.constant([]),
      fc.constant(new Array(maxItems + 1).fill(uuidish)),
      fc.constant('not-an-array'),
      depth < 3
        ? fc.array(invalidFor(items, depth + 1), { minLength: 1, maxLength: 3 })
        : fc.constant([1]),
    );
  }
  if (types.includes('object')) {
    out.push(
      fc.constant({}),
      fc.constant([]),
      fc.dictionary(fc.string({ maxLength: 12 }), nastyScalar, { maxKeys: 4 }),
    );
    if (depth < 3 && s.properties) {
      const keys = Object.keys(s.properties);
      out.push(
        fc.record(
          Object.fromEntries(keys.map((k) => [k, invalidFor(s.properties[k], depth + 1)])),
          { requiredKeys: [] },
        ),
      );
    }
  }
  return fc.oneof(...out);
}

type Path = (string | number)[];
interface Slot {
  path: Path;
  schema: JS;
}

/** Picks the branch of anyOf/oneOf that `value` follows (by type and const properties). */
function branchFor(s: JS, value: unknown): JS {
  const branches = (s.anyOf ?? s.oneOf) as JS[] | undefined;
  if (!branches) return s;
  const typeOf = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  const fits = branches.filter((b) => {
    const t = typesOf(b);
    const vt = typeOf(value);
    if (!t.includes(vt) && !(vt === 'integer' && t.includes('number'))) return false;
    if (b.properties && value && typeof value === 'object') {
      return Object.entries(b.properties as Record<string, JS>).every(
        ([k, p]) => p.const === undefined || (value as Record<string, unknown>)[k] === p.const,
      );
    }
    return true;
  });
  return fits[0] ?? branches[0]!;
}

/** Every position in a valid example, with the schema node that governs it. */
export function slotsOf(s: JS, value: unknown, path: Path = [], out: Slot[] = []): Slot[] {
  const node = branchFor(s, value);
  out.push({ path, schema: node });
  if (Array.isArray(value) && node.items) {
    value.forEach((v, i) => {
      slotsOf(node.items, v, [...path, i], out);
    });
  } else if (value && typeof value === 'object' && node.properties) {
    for (const [k, v] of Object.entries(value)) {
      if (node.properties[k]) slotsOf(node.properties[k], v, [...path, k], out);
    }
  }
  return out;
}

export function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (!path.length) return next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = next;
  return copy;
}

export function deleteAt(value: unknown, path: Path): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
  return copy;
}

/** A valid example with exactly one thing wrong: a value, a missing key or an extra key. */
export function mutated(schema: JS, valid: unknown): fc.Arbitrary<unknown> {
  const slots = slotsOf(schema, valid);
  const leaves = slots.filter((s) => s.path.length > 0);
  const objects = slots.filter((s) => s.schema.properties);
  const arbs: fc.Arbitrary<unknown>[] = [
    fc
      .constantFrom(...slots)
      .chain((slot) => invalidFor(slot.schema).map((v) => setAt(valid, slot.path, v))),
  ];
  if (leaves.length) {
    arbs.push(fc.constantFrom(...leaves).map((slot) => deleteAt(valid, slot.path)));
  }
  if (objects.length) {
    arbs.push(
      fc
        .tuple(fc.constantFrom(...objects), fc.string({ maxLength: 20 }), nastyScalar)
        .map(([slot, key, v]) => {
          const obj = structuredClone(
            slot.path.reduce<unknown>((n, p) => (n as Record<string | number, unknown>)[p], valid),
          ) as Record<string, unknown>;
          obj[key in obj ? `${key}_extra` : key || 'extra'] = v;
          return setAt(valid, slot.path, obj);
        }),
    );
  }
  return fc.oneof(...arbs);
}

/** Numeric edge cases as raw JSON text: a JS number cannot even hold 2^53+1 or 1e400. */
export const edgeLiterals = [
  'NaN',
  '-0',
  '1e308',
  '1e400',
  '-1e400',
  '9007199254740993',
  '-1',
  '1.5',
  '0.0000001',
  '1e-400',
  'Infinity',
  '0x10',
  '1_000',
  '01',
  '+1',
  '"12"',
  '100000001',
  '1e2',
  '12.0',
];

/** The valid example serialised with one value replaced by a raw edge literal. */
export function withEdgeLiteral(schema: JS, valid: unknown): fc.Arbitrary<string> {
  const slots = slotsOf(schema, valid).filter((s) => s.path.length > 0);
  const numeric = slots.filter((s) => {
    const t = typesOf(s.schema);
    return t.includes('integer') || t.includes('number');
  });
  const pool = numeric.length ? numeric : slots;
  if (!pool.length) return fc.constantFrom(...edgeLiterals);
  const marker = '__EDGE_LITERAL__';
  return fc
    .tuple(fc.constantFrom(...pool), fc.constantFrom(...edgeLiterals))
    .map(([slot, literal]) =>
      JSON.stringify(setAt(valid, slot.path, marker)).replace(`"${marker}"`, literal),
    );
}

/** Every UUID in the example replaced by a fresh random one (names nothing). */
export function withRandomIds(valid: unknown): unknown {
  return JSON.parse(
    JSON.stringify(valid).replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      () => crypto.randomUUID(),
    ),
  );
}

export const malformedJson = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '{a:1}',
    'undefined',
    'null',
    'true',
    '0',
    '[]',
    '"str"',
    '\u0000',
    '{"a":1}{"b":2}',
    // A leading BOM may be ignored (RFC 8259 §8.1; the body reader's TextDecoder drops it), so a
    // BOM before valid JSON is not malformed: this one is malformed after it too.
    '\ufeff{',
    '{"a":NaN}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '['.repeat(100),
    '{"a":1}\u0000',
    '\u00ff\u00fe',
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** 10,000 levels of nesting as JSON text (JSON.parse handles it; naive recursion does not). */
export const deepJson = `${'['.repeat(5000)}${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}${']'.repeat(5000)}`;
