import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/db';
import { parseArray, serializeArray } from './arrays';
import { createSql, type Sql } from './client';

// workerd's clients skip postgres.js' type query (fetch_types: false); arrays must still round-trip
// exactly as they do on Node, where the types are fetched.
let db: TestDb;
let noTypes: Sql;

beforeAll(async () => {
  db = await createTestDb({ max: 1 });
  noTypes = createSql(db.url, { max: 1, fetchTypes: false });
});
afterAll(async () => {
  await noTypes?.end({ timeout: 1 });
  await db?.drop();
});

describe('built-in arrays without fetch_types', () => {
  it('sends and reads arrays like a client that fetched the types', async () => {
    const texts = ['a', 'with space', 'quote "q"', 'back\\slash', 'NULL', '{brace,comma}', ''];
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    const at = new Date('2026-01-02T03:04:05.678Z');
    for (const sql of [db.sql, noTypes]) {
      const [row] = await sql<Record<string, unknown>[]>`
        select ${texts}::text[] as texts,
               ${ids}::uuid[] as ids,
               ${[1, 2, 3]}::int8[] as big,
               array[true, false] as flags,
               array[${at}::timestamptz] as times,
               '{}'::int4[] as empty,
               array[array[1, 2], array[3, 4]]::int4[] as nested,
               (select count(*) from unnest(${texts}::text[]))::int as n`;
      expect(row).toEqual({
        texts,
        ids,
        big: [1, 2, 3],
        flags: [true, false],
        times: [at],
        empty: [],
        nested: [
          [1, 2],
          [3, 4],
        ],
        n: texts.length,
      });
    }
    // postgres.js' own parser (Node) reads an unquoted NULL element as the string 'NULL'; this one
    // reads SQL null. Domain code should not rely on null elements either way.
    const [row] = await noTypes<{ a: unknown[] }[]>`select array[null, 'x']::text[] as a`;
    expect(row?.a).toEqual([null, 'x']);
  });

  it('parses the text forms Postgres emits, bounds included', () => {
    expect(parseArray('[0:1]={7,8}', Number)).toEqual([7, 8]);
    expect(parseArray('{"a\\"b",NULL,"NULL"}')).toEqual(['a"b', null, 'NULL']);
    expect(serializeArray(['a"b', null, 'c\\d'])).toBe('{"a\\"b",NULL,"c\\\\d"}');
  });
});
