import { defineConfig } from 'tsdown';

// The published build: ESM and CommonJS with their own type declarations (`.d.ts` / `.d.cts`).
// zod, `ai` and `@openai/agents` are peers, so they stay imports and are never bundled.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'ai/index': 'src/ai/index.ts',
    'openai-agents/index': 'src/openai-agents/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'node22',
  dts: true,
  sourcemap: true,
  outDir: 'dist',
  clean: true,
  // Nothing from node_modules goes into the build, code or types: the types of `@openai/agents`
  // re-export its core package's, which must stay an import too.
  deps: { neverBundle: [/^@openai\//, /^@modelcontextprotocol\//, /^@standard-schema\//, /^@ai-sdk\//] },
  checks: { legacyCjs: false, pluginTimings: false },
});
