/**
 * The Dockerfile and compose.yaml, checked without a Docker engine: both parse; the image is built
 * in stages and runs as an unprivileged user with a health check against Baton's own probe; every
 * workspace's manifest is copied before `npm ci`; the compose file has the essentials of the
 * Compose specification (services with an image or a build, named volumes declared, dependencies
 * on services that exist) and gives Baton a configuration that Baton's own reader accepts.
 */
import { readFile } from 'node:fs/promises';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/main.ts';

const root = new URL('../../../../', import.meta.url);
const read = (file: string) => readFile(new URL(file, root), 'utf8');

/** Dockerfile instructions (https://docs.docker.com/reference/dockerfile/). */
const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]); // prettier-ignore

interface Stage {
  name: string | null;
  instructions: Instruction[];
}

async function dockerfileStages(): Promise<Stage[]> {
  const dockerfile = DockerfileParser.parse(await read('Dockerfile'));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    expect(KEYWORDS, `line ${instruction.getRange().start.line + 1}: ${keyword}`).toContain(keyword);
    if (keyword === 'FROM') {
      const name = /\bAS\s+(\S+)\s*$/i.exec(instruction.getArgumentsContent() ?? '')?.[1] ?? null;
      stages.push({ name, instructions: [instruction] });
    } else {
      expect(stages.length, `${keyword} before the first FROM`).toBeGreaterThan(0);
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** An instruction's flags (`--from=build`, `--interval=15s`) by name. */
const flags = (instruction: Instruction): Record<string, string | null> =>
  Object.fromEntries(
    (
      (
        instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] }
      ).getFlags?.() ?? []
    ).map((flag) => [flag.getName(), flag.getValue()]),
  );

const of = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);

describe('the Dockerfile', () => {
  it('builds in stages and runs the last one as an unprivileged user', async () => {
    const stages = await dockerfileStages();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = stages.map((stage) => stage.name);
    const runtime = stages.at(-1)!;
    // What the runtime copies from an earlier stage names one that exists.
    const fromStages = of(runtime, 'COPY').flatMap((copy) => flags(copy)['from'] ?? []);
    expect(fromStages.length).toBeGreaterThan(0);
    for (const stage of fromStages) expect(names.slice(0, -1)).toContain(stage);
    const users = of(runtime, 'USER').map((user) => user.getArgumentsContent()?.trim());
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
    // No step of the runtime stage after the USER line goes back to root.
    expect(of(runtime, 'CMD')).toHaveLength(1);
  });

  it('checks health against /readyz or /healthz on the port it exposes', async () => {
    const runtime = (await dockerfileStages()).at(-1)!;
    const [healthcheck] = of(runtime, 'HEALTHCHECK');
    const check = healthcheck?.getArgumentsContent() ?? '';
    expect(check).toMatch(/\bCMD\b/);
    expect(check).toMatch(/\/(readyz|healthz)\b/);
    expect(flags(healthcheck!)['interval']).toMatch(/^\d+s$/);
    const exposed = of(runtime, 'EXPOSE').map((expose) => expose.getArgumentsContent()?.trim());
    const env = of(runtime, 'ENV')
      .map((line) => line.getArgumentsContent() ?? '')
      .join(' ');
    const port = /\bPORT=(\d+)/.exec(env)?.[1];
    expect(port).toBeDefined();
    expect(exposed).toContain(port);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/); // Reachable from outside the container.
  });

  it('copies every workspace manifest before npm ci, and runs the build and npm start', async () => {
    const [build] = await dockerfileStages();
    const { workspaces } = JSON.parse(await read('package.json')) as { workspaces: string[] };
    const copies = of(build!, 'COPY').map((copy) => copy.getArgumentsContent() ?? '');
    const runs = of(build!, 'RUN').map((run) => run.getArgumentsContent() ?? '');
    const ci = build!.instructions.findIndex(
      (instruction) =>
        instruction.getKeyword() === 'RUN' && /npm ci\b/.test(instruction.getArgumentsContent() ?? ''),
    );
    expect(ci).toBeGreaterThan(0);
    const before = build!.instructions
      .slice(0, ci)
      .map((instruction) => instruction.getArgumentsContent() ?? '');
    for (const workspace of workspaces) {
      expect(
        before.some((line) => line.startsWith(`${workspace}/package.json `)),
        workspace,
      ).toBe(true);
    }
    expect(copies.some((line) => line.startsWith('package.json package-lock.json '))).toBe(true);
    expect(runs.some((line) => /npm run build\b/.test(line))).toBe(true);
    const runtime = (await dockerfileStages()).at(-1)!;
    expect(of(runtime, 'CMD')[0]!.getArgumentsContent()).toContain('"npm", "start"');
  });
});

/** `${NAME:-default}` and `${NAME}` as Compose interpolates them, from an empty environment. */
const interpolate = (value: string) =>
  value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');

describe('compose.yaml', () => {
  it('parses, and has the Compose essentials', async () => {
    const document = parseDocument(await read('compose.yaml'));
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    const compose = document.toJS() as {
      services: Record<string, Record<string, unknown>>;
      volumes?: Record<string, unknown>;
    };
    const services = Object.entries(compose.services);
    expect(services.length).toBeGreaterThanOrEqual(2);
    const known = new Set(Object.keys(compose.services));
    for (const [name, service] of services) {
      expect(Boolean(service['image'] || service['build']), `${name}: image or build`).toBe(true);
      const dependsOn = service['depends_on'] ?? {};
      for (const dependency of Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn)) {
        expect(known, `${name} depends on ${dependency}`).toContain(dependency);
      }
      for (const volume of (service['volumes'] as string[] | undefined) ?? []) {
        const source = volume.split(':')[0]!;
        // A named volume (not a path) is declared at the top level.
        if (!source.startsWith('.') && !source.startsWith('/')) {
          expect(Object.keys(compose.volumes ?? {}), `${name}: volume ${source}`).toContain(source);
        }
      }
      for (const port of (service['ports'] as string[] | undefined) ?? []) {
        expect(port, `${name}: ports`).toMatch(/^(\d+:)?\d+$/);
      }
    }
  });

  it('runs Baton on the PostgreSQL service, once it is healthy, with a configuration Baton accepts', async () => {
    const compose = parseDocument(await read('compose.yaml')).toJS() as {
      services: Record<string, Record<string, unknown>>;
    };
    const postgres = Object.entries(compose.services).find(([, service]) =>
      String(service['image'] ?? '').startsWith('postgres:'),
    );
    expect(postgres).toBeDefined();
    const [postgresName, postgresService] = postgres!;
    expect((postgresService['healthcheck'] as { test: string[] }).test.join(' ')).toContain('pg_isready');
    const baton = compose.services['baton']!;
    expect(baton['build']).toBeDefined();
    expect(baton['depends_on']).toEqual({ [postgresName]: { condition: 'service_healthy' } });

    const environment = Object.fromEntries(
      Object.entries(baton['environment'] as Record<string, string | number>).map(([name, value]) => [
        name,
        interpolate(String(value)),
      ]),
    );
    const config = readConfig(environment);
    const url = new URL(config.databaseUrl!);
    expect(url.hostname).toBe(postgresName);
    const postgresEnvironment = postgresService['environment'] as Record<string, string>;
    expect(url.username).toBe(postgresEnvironment['POSTGRES_USER']);
    expect(url.pathname).toBe(`/${postgresEnvironment['POSTGRES_DB']}`);
    expect(url.password).toBe(interpolate(postgresEnvironment['POSTGRES_PASSWORD']!));
    expect(config.host).toBe('0.0.0.0');
    expect(baton['ports']).toContain(`${config.port}:${config.port}`);
    expect(config.demo).toBe(false);
  });
});
