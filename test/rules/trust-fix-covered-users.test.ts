import { describe, expect, it } from 'vitest';
import { coveredInEach, withoutCoveredUsers } from '../../rules/trust/fix.js';

const FIX = 'Add this Condition to the statement that trusts sagemaker.amazonaws.com';
const covering = (users: string) => (users === '' ? FIX : `${FIX} (covers ${users})`);

describe('coveredInEach: the users a fix merged from several worlds covers, true in each', () => {
  it.each([
    ['the same users in every world', ['A, B', 'A, B'], 'A, B'],
    ['users only some worlds have, after those of all', ['A, B', 'A, C'], 'A, and B, C where they use the role'],
    ['one user only some worlds have', ['A, B', 'A'], 'A, and B where it uses the role'],
    ['no user every world has', ['A', 'B'], 'A, B where they use the role'],
    ['a world whose fix covers none', ['A', ''], 'A where it uses the role'],
    ['three worlds', ['A, B, C', 'B, C, D', 'C, B'], 'B, C, and A, D where they use the role'],
  ])('names %s', (_, lists, merged) => {
    expect(coveredInEach(covering(lists[0]!), lists.map(covering))).toBe(covering(merged));
  });

  it('names none where a world names only some of its users, as which of those the others cover is not known', () => {
    const many = Array.from({ length: 22 }, (_, index) => `M${index}`);
    const cut = `${many.slice(0, 20).join(', ')} and 2 more`;
    expect(coveredInEach(covering(cut), [covering(cut), covering('M0')])).toBe(FIX);
    expect(withoutCoveredUsers(covering(cut))).toBe(FIX);
  });

  it('leaves a fix that names no users as it is: it claims none', () => {
    expect(coveredInEach(FIX, [FIX, covering('A')])).toBe(FIX);
  });
});
