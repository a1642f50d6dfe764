import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureSecret, parseConfig, repoRoot } from './config.ts';

function error(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env, '/somewhere');
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('has working defaults with nothing set', () => {
    const c = parseConfig({}, '/somewhere');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demo: undefined,
      production: false,
    });
    expect(c.dataDir).toBe(path.join(repoRoot, '.data'));
    expect(c.sessionMinutes).toBe(90);
    expect(c.seatGraceHours).toBe(12);
    expect(c.trustProxy).toBe(false);
    expect(c.apiDocs).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every variable', () => {
    const c = parseConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://u:p@db:5432/uwe',
        UWE_DATA_DIR: 'data',
        UWE_SECRET: 'x'.repeat(32),
        UWE_ADMIN_EMAIL: 'a@b.de',
        UWE_ADMIN_PASSWORD: 'long-enough-pw',
        UWE_DEMO: '0',
        NODE_ENV: 'production',
        UWE_SESSION_MINUTES: '45',
      },
      '/srv',
    );
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/uwe',
      dataDir: '/srv/data',
      demo: false,
      production: true,
      adminEmail: 'a@b.de',
      sessionMinutes: 45,
    });
  });

  it('trusts no proxy unless told which: a hop count or a list of addresses and ranges', () => {
    expect(parseConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.5, 172.18.0.0/16,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.18.0.0/16',
      '::1',
    ]);
    expect(parseConfig({ UWE_API_DOCS: '0' }).apiDocs).toBe(false);
  });

  it('resolves a relative data folder against where the user started pnpm', () => {
    expect(parseConfig({ UWE_DATA_DIR: 'd', INIT_CWD: '/home/me' }, '/repo/apps/api').dataDir).toBe('/home/me/d');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ UWE_SECRET: 'short' }, 'UWE_SECRET'],
    [{ UWE_ADMIN_EMAIL: 'a@b.de' }, 'UWE_ADMIN_PASSWORD'],
    [{ UWE_ADMIN_PASSWORD: 'long-enough-pw' }, 'UWE_ADMIN_EMAIL'],
    [{ UWE_ADMIN_EMAIL: 'nope', UWE_ADMIN_PASSWORD: 'long-enough-pw' }, 'UWE_ADMIN_EMAIL'],
    [{ UWE_ADMIN_EMAIL: 'a@b.de', UWE_ADMIN_PASSWORD: 'short' }, 'UWE_ADMIN_PASSWORD'],
    [{ UWE_DEMO: 'maybe' }, 'UWE_DEMO'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ UWE_SESSION_MINUTES: '1' }, 'UWE_SESSION_MINUTES'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/40' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY'],
    [{ UWE_API_DOCS: 'maybe' }, 'UWE_API_DOCS'],
  ])('names the bad variable in %o', (env, variable) => {
    const err = error(env);
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(variable);
  });
});

describe('ensureSecret', () => {
  it('generates a secret once, keeps it private, and returns the same one on the next start', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uwe-secret-'));
    const config = parseConfig({ UWE_DATA_DIR: dir });
    const first = ensureSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(ensureSecret(config)).toBe(first);
    expect(readFileSync(path.join(dir, 'secret'), 'utf8')).toBe(first);
    expect(statSync(path.join(dir, 'secret')).mode & 0o077).toBe(0);
  });

  it('prefers UWE_SECRET', () => {
    expect(ensureSecret(parseConfig({ UWE_SECRET: 's'.repeat(40) }))).toBe('s'.repeat(40));
  });
});
