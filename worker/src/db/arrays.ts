import type { Sql } from './client';

/**
 * Element → array type OIDs of Postgres' built-in types, fixed across releases (pg_type.dat).
 * postgres.js learns array types by querying pg_type on each new connection (fetch_types). On
 * workerd every request opens its own connection, so that query is skipped there, and without it
 * a JS array parameter is sent as "a,b" (22P02, malformed array literal) and array columns come
 * back as '{a,b}' strings. Registering the built-ins keeps `${ids}::uuid[]` working everywhere.
 */
const BUILTIN_ARRAYS: ReadonlyArray<readonly [element: number, array: number]> = [
  [16, 1000], // bool
  [17, 1001], // bytea
  [20, 1016], // int8
  [21, 1005], // int2
  [23, 1007], // int4
  [25, 1009], // text
  [114, 199], // json
  [700, 1021], // float4
  [701, 1022], // float8
  [1042, 1014], // bpchar
  [1043, 1015], // varchar
  [1082, 1182], // date
  [1114, 1115], // timestamp
  [1184, 1185], // timestamptz
  [1700, 1231], // numeric
  [2950, 2951], // uuid
  [3802, 3807], // jsonb
];

type Serializer = (value: unknown) => unknown;
type Parser = (value: string) => unknown;

/** Same quoting as postgres.js: every element quoted, backslash and quote escaped. */
export function serializeArray(xs: unknown, element?: Serializer): unknown {
  if (!Array.isArray(xs)) return xs; // already a literal
  const items = xs.map((x): string => {
    if (x === null) return 'NULL';
    if (x === undefined) throw new TypeError('Undefined values are not allowed in arrays');
    if (Array.isArray(x)) return String(serializeArray(x, element));
    const text = String(element ? element(x) : x);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** Parses Postgres' text form of an array ('{a,"b c",NULL,{1,2}}', maybe '[0:1]={…}'). */
export function parseArray(text: string, element?: Parser): unknown[] {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const level = (): unknown[] => {
    const out: unknown[] = [];
    i++; // '{'
    if (text[i] === '}') {
      i++;
      return out;
    }
    while (i < text.length) {
      if (text[i] === '{') {
        out.push(level());
      } else if (text[i] === '"') {
        let s = '';
        for (i++; i < text.length && text[i] !== '"'; i++) {
          if (text[i] === '\\') i++;
          s += text[i];
        }
        i++; // closing quote
        out.push(element ? element(s) : s);
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
        const raw = text.slice(i, end);
        i = end;
        out.push(raw === 'NULL' ? null : element ? element(raw) : raw);
      }
      if (text[i++] !== ',') break; // '}' closes this level
    }
    return out;
  };
  return level();
}

/** Registers the built-in array types on a client created with fetch_types off. */
export function registerBuiltinArrays(sql: Sql): void {
  const { parsers, serializers } = sql.options;
  for (const [element, array] of BUILTIN_ARRAYS) {
    const parse = parsers[element] as Parser | undefined;
    const serialize = serializers[element] as Serializer | undefined;
    parsers[array] ??= (text: string) => parseArray(text, parse);
    serializers[array] ??= (xs: unknown) => serializeArray(xs, serialize);
  }
}
