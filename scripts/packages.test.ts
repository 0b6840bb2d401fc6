/**
 * The published packages, as a consumer gets them: `@baton/engine` and `@baton/sdk` are built,
 * packed with `npm pack`, installed from their tarballs into a fresh folder (zod, their peer, comes
 * from the npm cache), and imported from both ESM and CommonJS. publint and Are the Types Wrong
 * check each tarball's manifest, exports and types.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const attw = join(root, 'node_modules/.bin/attw');
const PACKAGES = ['engine', 'sdk'] as const;

let folder: string;
const tarballs = new Map<(typeof PACKAGES)[number], string>();

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'baton-packages-'));
  // Builds only what is missing or older than its sources; packing then skips prepack's rebuild.
  await run(process.execPath, [join(root, 'scripts/build.mjs'), ...PACKAGES], { cwd: root });
  for (const name of PACKAGES) {
    const { stdout } = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', folder, '-w', `packages/${name}`],
      { cwd: root },
    );
    const [packed] = JSON.parse(stdout) as [{ filename: string }];
    tarballs.set(name, join(folder, packed.filename));
  }
  const consumer = join(folder, 'consumer');
  await mkdir(consumer);
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs.values()],
    { cwd: consumer },
  );
}, 240_000);

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** What both consumers compute; each prints it as JSON, and both must agree with the expectation. */
const usage = (load: (specifier: string) => string) => `
const { compilePolicy, decide, defaultPolicy, initialState } = ${load('@baton/engine')};
const { isHeldBack } = ${load('@baton/engine/calibration')};
const { PostTurnRequestSchema, BatonClient } = ${load('@baton/sdk')};
const { FakeBatonClient } = ${load('@baton/sdk/testing')};
const turn = { role: 'customer', text: 'I want to talk to a real person now', at: '2026-01-01T00:00:00Z' };
const { decision } = decide(initialState(), turn, compilePolicy(defaultPolicy));
const fake = new FakeBatonClient({ now: () => new Date('2026-01-01T00:00:00Z') }).scriptDecisions('handoff');
const posted = await fake.postTurn('c1', { role: 'customer', text: 'help' });
console.log(JSON.stringify({
  action: decision.action,
  triggers: decision.firings.map((firing) => firing.trigger),
  heldBack: [isHeldBack('a', 1, 0), isHeldBack('a', 1, 1)],
  turnValid: PostTurnRequestSchema.safeParse({ role: 'customer', text: 'hi' }).success,
  turnInvalid: PostTurnRequestSchema.safeParse({ role: 'robot', text: 'hi' }).success,
  client: typeof BatonClient,
  fake: posted.decision.action,
}));
`;

const expected = {
  action: 'handoff',
  heldBack: [false, true],
  turnValid: true,
  turnInvalid: false,
  client: 'function',
  fake: 'handoff',
};

describe('the packed packages', () => {
  it('import from ESM', async () => {
    const file = join(folder, 'consumer', 'use.mjs');
    await writeFile(
      file,
      usage((specifier) => `await import('${specifier}')`),
    );
    const { stdout } = await run(process.execPath, [file], { cwd: join(folder, 'consumer') });
    const result = JSON.parse(stdout) as typeof expected & { triggers: string[] };
    expect(result).toMatchObject(expected);
    expect(result.triggers).toContain('customer-asks-for-person');
  });

  it('require from CommonJS, which gets the CommonJS build', async () => {
    const file = join(folder, 'consumer', 'use.cjs');
    const body = usage((specifier) => `require('${specifier}')`);
    await writeFile(
      file,
      `const resolved = require.resolve('@baton/engine');\n(async () => {\n${body}\nconsole.error(resolved);\n})();\n`,
    );
    const { stdout, stderr } = await run(process.execPath, [file], { cwd: join(folder, 'consumer') });
    const result = JSON.parse(stdout) as typeof expected & { triggers: string[] };
    expect(result).toMatchObject(expected);
    expect(result.triggers).toContain('customer-asks-for-person');
    expect(stderr.trim()).toMatch(/node_modules\/@baton\/engine\/dist\/index\.cjs$/);
  });

  it.each(PACKAGES)(
    '%s: the tarball holds the build, licence and manifest, no sources or tests',
    async (name) => {
      const { stdout } = await run('tar', ['-tzf', tarballs.get(name)!]);
      const files = stdout.trim().split('\n');
      expect(files).toEqual(
        expect.arrayContaining(['package/package.json', 'package/LICENSE', 'package/dist/index.js']),
      );
      expect(files).toEqual(
        expect.arrayContaining([
          'package/dist/index.cjs',
          'package/dist/index.d.ts',
          'package/dist/index.d.cts',
        ]),
      );
      expect(files.filter((file) => /^package\/(src|test)\//.test(file))).toEqual([]);
      const manifest = JSON.parse(
        await readFile(join(folder, 'consumer/node_modules/@baton', name, 'package.json'), 'utf8'),
      ) as Record<string, unknown>;
      expect(manifest['private']).toBeUndefined();
      expect(manifest['license']).toBe('Apache-2.0');
      expect(manifest['sideEffects']).toBe(false);
      expect((manifest['peerDependencies'] as Record<string, string>)['zod']).toMatch(/^\^4\./);
      expect(manifest['dependencies'] ?? {}).not.toHaveProperty('zod');
    },
  );

  it.each(PACKAGES)('%s: publint finds nothing to warn about', async (name) => {
    const tarball = await readFile(tarballs.get(name)!);
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(
      messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`),
    ).toEqual([]);
  });

  it.concurrent.each(PACKAGES)(
    '%s: Are the Types Wrong finds no problem under node16, ESM and CommonJS, or bundler',
    async (name) => {
      // The node16 profile leaves out TypeScript's `node10` resolution, which predates `exports` and
      // so cannot see sub-paths such as `@baton/sdk/testing`. attw exits non-zero on a problem, and
      // its JSON output names each one.
      const outcome = await run(attw, [tarballs.get(name)!, '--format', 'json', '--profile', 'node16']).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      const report = JSON.parse(outcome.stdout) as { analysis: { problems: unknown; entrypoints: object } };
      const problems = report.analysis.problems as { resolutionKind?: string }[];
      expect(problems.filter((problem) => problem.resolutionKind !== 'node10')).toEqual([]);
      expect(Object.keys(report.analysis.entrypoints).length).toBeGreaterThan(1);
      expect(outcome.code).toBe(0);
    },
  );
});
