import { describe, expect, it } from 'vitest';
import { ruleWords } from './modifier-rule';

describe('ruleWords', () => {
  it('says the rule of a group in words', () => {
    expect(ruleWords(1, 1, 3)).toBe('Required: guests choose exactly 1.');
    expect(ruleWords(0, 1, 3)).toBe('Optional: guests may choose one.');
    expect(ruleWords(0, 3, 3)).toBe('Optional: guests may choose up to 3.');
    expect(ruleWords(1, 3, 3)).toBe('Required: guests choose at least 1 and up to 3 options.');
    expect(ruleWords(2, 1, 3)).toBe('The minimum cannot be above the maximum.');
    expect(ruleWords(2, 2, 1)).toBe('Needs at least 2 modifiers to choose from (has 1).');
  });
});
