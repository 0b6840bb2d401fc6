import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../../..');
const baton = join(root, 'packages/server/bin/baton-dev.js');

async function replay(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [baton, 'replay', ...args], {
      cwd: root,
      maxBuffer: 64 << 20,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('baton replay', () => {
  it('replays the example file: one JSON line per conversation and a summary on stderr', async () => {
    const { stdout, stderr, code } = await replay(['examples/conversations.jsonl']);
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((result) => result.id)).toEqual([
      'order-late',
      'password-reset',
      'refund-large',
      'unsure-agent',
      'no-person-needed',
      'fraud-es',
    ]);
    const byId = Object.fromEntries(results.map((result) => [result.id, result]));
    expect(byId['password-reset'].firstEscalation).toBeNull();
    expect(byId['no-person-needed'].firstEscalation).toBeNull();
    expect(byId['order-late'].firstEscalation).toMatchObject({ action: 'handoff' });
    expect(byId['fraud-es'].firstEscalation).toMatchObject({
      turn: 0,
      action: 'handoff',
      trigger: 'fraud-or-security',
    });
    const firing = byId['order-late'].decisions.at(-1).firings[0];
    expect(Object.keys(firing).sort()).toEqual(['action', 'evidence', 'shadow', 'signal', 'trigger']);
    expect(stderr).toContain('conversations: 6');
    expect(stderr).toMatch(/precision \d\.\d{3}, recall \d\.\d{3}/);
  });

  it('adds every signal on every turn with --signals', async () => {
    const { stdout } = await replay(['examples/conversations.jsonl', '--signals']);
    const first = JSON.parse(stdout.split('\n')[0]!);
    expect(first.decisions).toHaveLength(4);
    expect(Object.keys(first.decisions[0].signals)).toContain('human_request');
  });

  it('reports a malformed line with its number and goes on; --strict stops', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'baton-replay-'));
    const file = join(folder, 'mixed.jsonl');
    await writeFile(
      file,
      [
        '{"id":"a","turns":[{"role":"customer","text":"hi"}]}',
        '{"id":"b","turns":[{"role":"robot","text":"hi"}]}',
        'not json at all',
        '',
        '{"id":"c","turns":[{"role":"customer","text":"talk to a human please"}]}',
      ].join('\n'),
    );
    const lenient = await replay([file]);
    expect(lenient.code).toBe(0);
    expect(
      lenient.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['a', 'c']);
    expect(lenient.stderr).toContain(`${file}:2: turns[0].role:`);
    expect(lenient.stderr).toContain(`${file}:3: not valid JSON`);
    const strict = await replay([file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('stops with file:line:field errors on an invalid policy, and on a missing file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'baton-replay-'));
    const policy = join(folder, 'bad.yaml');
    await writeFile(
      policy,
      'version: 1\ntriggers:\n  - id: x\n    when: { signal: nope }\n    action: flag\n',
    );
    const invalid = await replay(['examples/conversations.jsonl', '--policy', policy]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${policy}:4:`);
    expect(invalid.stderr).toContain('triggers[0].when');
    const missing = await replay(['no-such-file.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.jsonl: file not found');
  });

  it('prints a table with --format table', async () => {
    const { stdout } = await replay(['examples/conversations.jsonl', '--format', 'table']);
    expect(stdout.split('\n')[0]).toMatch(/^conversation\s+turns\s+first escalation/);
    expect(stdout).toMatch(/fraud-es\s+2\s+handoff at turn 0 \(fraud-or-security\)/);
  });
});
