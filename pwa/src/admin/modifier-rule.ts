/** A modifier group's min/max as the guest will read it ("Choose exactly 1"). */
export function ruleWords(min: number, max: number, count: number): string {
  if (min > max) return 'The minimum cannot be above the maximum.';
  if (min > count) return `Needs at least ${min} modifiers to choose from (has ${count}).`;
  const plural = (n: number) => (n === 1 ? '' : 's');
  if (min === 0 && max === 1) return 'Optional: guests may choose one.';
  if (min === 0) return `Optional: guests may choose up to ${max}.`;
  if (min === max) return `Required: guests choose exactly ${min}.`;
  return `Required: guests choose at least ${min} and up to ${max} option${plural(max)}.`;
}
