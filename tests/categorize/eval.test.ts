// The accuracy a fresh install gets on the labeled evaluation items (never trained on):
// a drop below the target means a tokenizer, vocabulary or classifier change made
// categorization worse for users.
import { expect, test } from 'vitest';
import { evaluateCategorization, formatCategorizationReport } from '../../scripts/eval/categorize.js';
import { testRedisUrl } from '../support/redis.js';

test('the starter vocabulary alone files at least 85% of the evaluation items correctly', async () => {
  const report = await evaluateCategorization({ redisUrl: testRedisUrl() });
  expect(report.n).toBeGreaterThanOrEqual(300);
  expect(report.accuracy).toBeGreaterThanOrEqual(0.85);
  for (const { accuracy } of Object.values(report.perCategory)) expect(accuracy).toBeGreaterThanOrEqual(0.7);
  const text = formatCategorizationReport(report);
  expect(text).toMatch(/^categorization: \d+\.\d% of \d+ items/);
  expect(text).toContain('expected \\ got');
});

test('training through learnFrom on fixed-category stories is used by the evaluation', async () => {
  const items = [{ title: 'Quidditch comes to Hogsmeade', category: 'sports' }];
  const untrained = await evaluateCategorization({ redisUrl: testRedisUrl(), items });
  const trained = await evaluateCategorization({
    redisUrl: testRedisUrl(),
    items,
    trainOn: [
      { title: 'Quidditch final goes to extra time', category: 'sports' },
      { title: 'Quidditch captain ruled out', category: 'sports' },
      { title: 'Quidditch league expands', category: 'sports' },
      { title: 'Quidditch referee suspended', category: 'sports' },
      { title: 'Quidditch season opens', category: 'sports' },
    ],
  });
  expect(untrained.accuracy).toBe(0);
  expect(trained.accuracy).toBe(1);
});
