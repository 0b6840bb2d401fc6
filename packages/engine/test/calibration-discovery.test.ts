import { describe, expect, it } from 'vitest';
import { rankTerms, seededRandom, TermCounts, termsOfText } from '../src/calibration/index.ts';

const FILLER = [
  'I need help with my order from last week',
  'Can you check the delivery date for me',
  'The parcel was supposed to come on Monday',
  'I would like to update my phone number',
  'Thanks, that answers my question',
  'Where can I find the invoice for this purchase',
];

describe('termsOfText', () => {
  it('makes role-prefixed n-grams of 1 to 3 words and skips those made only of stopwords', () => {
    const terms = termsOfText('I am still waiting', 'customer');
    expect(terms).toContain('customer: still waiting');
    expect(terms).toContain('customer: am still waiting');
    expect(terms).toContain('customer: waiting');
    expect(terms).not.toContain('customer: i am');
    expect(terms).not.toContain('customer: i');
  });
});

describe('rankTerms', () => {
  it('ranks a phrase planted in the misses first, with its counts', () => {
    const random = seededRandom(8);
    const counts = new TermCounts();
    for (let index = 0; index < 600; index++) {
      const miss = index % 5 === 0;
      const texts = [
        FILLER[Math.floor(random() * FILLER.length)]!,
        FILLER[Math.floor(random() * FILLER.length)]!,
      ];
      // The planted phrase: in 70% of misses, 3% of the rest.
      if ((miss && random() < 0.7) || (!miss && random() < 0.03))
        texts.push('honestly I am still waiting for the refund');
      counts.add(
        texts.flatMap((text) => termsOfText(text, 'customer')),
        miss,
      );
    }
    const ranked = rankTerms(counts, { limit: 5 });
    const planted = new Set(termsOfText('honestly I am still waiting for the refund', 'customer'));
    expect(planted.has(ranked[0]!.term), ranked[0]!.term).toBe(true);
    expect(ranked[0]!.inTarget).toBeGreaterThan(60);
    expect(ranked[0]!.z).toBeGreaterThan(5);
    // Overlapping phrases of the planted sentence appear once, not five times.
    expect(ranked.filter((score) => planted.has(score.term)).length).toBeLessThanOrEqual(2);
    // Filler is spread evenly: nothing from it ranks with a high score.
    expect(ranked.filter((score) => score.z > 3).every((score) => planted.has(score.term))).toBe(true);
  });

  it('prefers a term in many misses over one in very few (the prior and the standard error)', () => {
    const counts = new TermCounts();
    for (let index = 0; index < 40; index++)
      counts.add(index < 30 ? ['customer: common complaint'] : [], true);
    for (let index = 0; index < 2; index++) counts.add(['customer: rare words'], true);
    for (let index = 0; index < 400; index++)
      counts.add(index < 40 ? ['customer: common complaint'] : ['customer: filler'], false);
    const ranked = rankTerms(counts, { minTarget: 2 });
    expect(ranked[0]?.term).toBe('customer: common complaint');
    expect(ranked.map((score) => score.term)).toContain('customer: rare words');
  });

  it('bounds memory by pruning terms seen once', () => {
    const counts = new TermCounts(1000);
    for (let index = 0; index < 3000; index++)
      counts.add([`customer: unique ${index}`, 'customer: shared'], index % 2 === 0);
    expect(counts.target.size + counts.rest.size).toBeLessThanOrEqual(1002);
    expect(counts.pruned).toBeGreaterThan(0);
    expect(counts.target.get('customer: shared')).toBe(1500);
  });
});
