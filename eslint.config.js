// Lint that teaches: fast, syntax-only rules (tsc type-checks), plus the import
// boundaries that keep the architecture honest: console → sdk ← server → engine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.baton/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'engine is pure: no IO. Take what you need as an argument from the server.',
          })),
          patterns: [
            {
              group: ['node:*'],
              message: 'engine is pure: no Node built-ins. Take time, IO and randomness as inputs.',
            },
            {
              group: ['@baton/*', '../../*'],
              message:
                'engine imports no other package of ours: the server depends on the engine, never the reverse.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'engine never reads the environment: configuration comes in as arguments.',
        },
        { name: 'Date', message: 'engine never reads the clock: time comes on the turn (turn.at).' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'engine is deterministic: no Math.random.' },
      ],
    },
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@baton/server', '@baton/server/*', '../../server/*'],
              message: 'the sdk is what agents install: keep it free of the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/console/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@baton/server',
                '@baton/server/*',
                '@baton/engine',
                '@baton/engine/*',
                '../../server/*',
                '../../engine/*',
              ],
              message:
                'the console talks to Baton only through the sdk (@baton/sdk): the HTTP API is its contract.',
            },
          ],
        },
      ],
    },
  },
);
