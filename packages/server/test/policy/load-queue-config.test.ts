/** Queue configuration files: a valid YAML file loads; each error names file, line, column and field. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQueueConfigFile, parseQueueConfigText } from '../../src/service/load-queue-config.ts';
import { formatPolicyErrors } from '../../src/policy/load-policy.ts';
import { ConfigError, loadConfiguredQueues } from '../../src/main.ts';

const QUEUES = ['general', 'billing', 'billing-es'];

const VALID = `version: "2026-12-01"
agingSecondsPerRank: 300
queues:
  billing:
    skills: [refunds]
    mode: offer
    offerTimeoutSeconds: 20
    slaSeconds: { normal: 120, high: 60 }
    overflow: general
    routes:
      - { language: es, queue: billing-es }
    hours:
      timeZone: Europe/Madrid
      weekly: { mon: ["09:00-14:00", "15:00-18:00"], fri: ["09:00-15:00"] }
      holidays: ["2026-12-25"]
    outOfHours: { action: queue, queue: general }
  billing-es:
    languages: [es]
`;

describe('queue configuration files', () => {
  it('loads a valid YAML file with its defaults filled', () => {
    const loaded = parseQueueConfigText(VALID, 'queues.yaml', QUEUES);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config.queues['billing']).toMatchObject({
      mode: 'offer',
      offerTimeoutSeconds: 20,
      skills: ['refunds'],
    });
    expect(loaded.config.queues['billing-es']).toMatchObject({
      mode: 'claim',
      languages: ['es'],
      routes: [],
    });
  });

  it('names file, line, column and field for each error', () => {
    const text = VALID.replace('timeZone: Europe/Madrid', 'timeZone: Europe/Atlantis')
      .replace('overflow: general', 'overflow: nowhere')
      .replace('"15:00-18:00"', '"18:00-15:00"');
    const loaded = parseQueueConfigText(text, 'queues.yaml', QUEUES);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const lines = formatPolicyErrors(loaded.errors).split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(/^queues\.yaml:13:17 queues\.billing\.hours\.timeZone: not an IANA time zone/),
      expect.stringMatching(/^queues\.yaml:14:38 queues\.billing\.hours\.weekly\.mon\[1\]: a range/),
    ]);
    // Names of queues are checked once the shape is right.
    const unknown = parseQueueConfigText(
      VALID.replace('overflow: general', 'overflow: nowhere'),
      'queues.yaml',
      QUEUES,
    );
    expect(unknown.ok ? [] : formatPolicyErrors(unknown.errors).split('\n')).toEqual([
      expect.stringMatching(/^queues\.yaml:9:15 queues\.billing\.overflow: no queue named "nowhere"/),
    ]);
  });

  it('reports YAML syntax errors and a missing file, and refuses to start on either', async () => {
    const broken = parseQueueConfigText('version: 1\nqueues: [unclosed\n', 'q.yaml', QUEUES);
    expect(broken.ok ? null : broken.errors[0]).toMatchObject({ file: 'q.yaml', field: '' });
    const missing = await loadQueueConfigFile('/nonexistent/queues.yaml', QUEUES);
    expect(missing.ok ? null : missing.errors[0]!.message).toBe('file not found');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'baton-queues-'));
    const file = path.join(folder, 'queues.yaml');
    await writeFile(file, VALID.replace('mode: offer', 'mode: sometimes'));
    await expect(loadConfiguredQueues(file, QUEUES)).rejects.toThrow(ConfigError);
    await expect(loadConfiguredQueues(file, QUEUES)).rejects.toThrow(
      /queues\.yaml:6:11 queues\.billing\.mode/,
    );
  });
});
