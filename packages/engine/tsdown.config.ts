import { defineConfig } from 'tsdown';

// The published build: ESM and CommonJS with their own type declarations (`.d.ts` / `.d.cts`).
export default defineConfig({
  entry: { index: 'src/index.ts', 'calibration/index': 'src/calibration/index.ts' },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'node22',
  dts: true,
  sourcemap: true,
  outDir: 'dist',
  clean: true,
  deps: { onlyBundle: [] },
  checks: { legacyCjs: false, pluginTimings: false },
});
