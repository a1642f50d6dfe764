import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, parseConfig } from '../src/config.ts';

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
