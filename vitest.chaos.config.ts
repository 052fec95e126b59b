// `npm run chaos`: the fault tests, against real processes (kill -9, Redis restarts, a full disk,
// hanging origins, slowloris). One file at a time, so that their time bounds are not measured
// on a machine busy with the other files.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.chaos.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
