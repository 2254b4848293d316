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

  it("leaves imports of the worker's own shared module alone", () => {
    const imports = `import { x } from '${outside}/errors';\nconst m = await import('../${outside}/ids');`;
    expect(findCitations(imports)).toEqual([]);
    expect(findCitations(`import { x } from '${outside}/errors'; // ${'API'}.md`)).toHaveLength(1);
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
