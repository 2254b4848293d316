import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { findCitations } from './check-doc-refs.mjs';

const outside = ['..', 'shared'].join('/');

describe('check-doc-refs (run by npm run lint)', () => {
  it('finds citations of documents outside the repository', () => {
    expect(findCitations(`see ${outside}/notes\nsee docs/api.md`)).toEqual([
      `1: see ${outside}/notes`,
    ]);
    expect(findCitations(`per ${'API'}.md, Idempotency`)).toHaveLength(1);
    expect(findCitations(`the ${'ARCHITECTURE'}.md facts`)).toHaveLength(1);
  });

  it('finds them in imports too: the worker module is named common, nothing is exempt', () => {
    expect(findCitations(`import { x } from '${outside}/errors';`)).toHaveLength(1);
  });

  it('does not match its own source', () => {
    expect(findCitations(readFileSync('scripts/check-doc-refs.mjs', 'utf8'))).toEqual([]);
  });

  it('passes on the repository as it is', () => {
    expect(() =>
      execFileSync('node', ['scripts/check-doc-refs.mjs'], { encoding: 'utf8', stdio: 'pipe' }),
    ).not.toThrow();
  });
});
