import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareStories, storyKey, storyTokens } from '../../../src/delivery/story.js';

interface Side {
  title: string;
  text: string;
}
const pairs = JSON.parse(
  readFileSync(new URL('../../fixtures/delivery/story-pairs.json', import.meta.url), 'utf8'),
) as { same: { a: Side; b: Side }[]; different: { a: Side; b: Side }[] };

const cmp = (p: { a: Side; b: Side }) =>
  compareStories(storyKey(p.a.title, p.a.text), storyKey(p.b.title, p.b.text));

describe('story clustering', () => {
  it('joins numbers written the German and the English way, folds umlauts, maps common news words', () => {
    expect(storyTokens('35.000 Stellen')).toEqual(storyTokens('35,000 jobs'));
    expect(storyTokens('2,5 Prozent')).toEqual(storyTokens('2.5 percent'));
    expect(storyTokens('Präsident')).toEqual(storyTokens('president'));
    expect(storyTokens('der die das and the')).toEqual([]);
  });

  it.each(pairs.same.map((p) => [p.a.title, p.b.title, p] as const))('same story: %s / %s', (_a, _b, p) => {
    expect(cmp(p).same).toBe(true);
  });

  it.each(pairs.different.map((p) => [p.a.title, p.b.title, p] as const))(
    'different stories: %s / %s',
    (_a, _b, p) => {
      expect(cmp(p).same).toBe(false);
    },
  );

  it('an empty key matches nothing', () => {
    expect(compareStories('', 'a b c')).toEqual({ same: false, shared: 0, score: 0 });
  });
});
