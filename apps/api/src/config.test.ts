import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, EnvSchema, ensureSecret, parseConfig, repoRoot } from './config.ts';

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
    expect(c.worker).toBe('process');
    expect(c.livePollSeconds).toBe(10);
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
    [{ PORT: '80.5' }, 'PORT'],
    [{ HOST: '', PORT: '-1' }, 'PORT'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ UWE_DISCLOSURE_D: '0' }, 'UWE_DISCLOSURE_D'],
    [{ UWE_DISCLOSURE_V: '2' }, 'UWE_DISCLOSURE_V'],
    [{ UWE_DISCLOSURE_V: '0' }, 'UWE_DISCLOSURE_V'],
    [{ UWE_DISCLOSURE_V: 'viel' }, 'UWE_DISCLOSURE_V'],
    [{ UWE_DISCLOSURE_D: '1', UWE_DISCLOSURE_V: '0.7' }, 'UWE_DISCLOSURE_V'],
    [{ UWE_DISCLOSURE_N_MIN: '30', UWE_DISCLOSURE_N_MIN_SENSITIVE: '25' }, 'UWE_DISCLOSURE_N_MIN_SENSITIVE'],
    [{ UWE_DISCLOSURE_K: '6', UWE_DISCLOSURE_K_SENSITIVE: '5' }, 'UWE_DISCLOSURE_K_SENSITIVE'],
    [{ UWE_DISCLOSURE_N_MIN: '2' }, 'UWE_DISCLOSURE_N_MIN'],
    [{ UWE_WORKER: 'thread' }, 'UWE_WORKER'],
    [{ UWE_LIVE_POLL_SECONDS: '0' }, 'UWE_LIVE_POLL_SECONDS'],
  ])('names the bad variable in %o', (env, variable) => {
    const err = error(env);
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(variable);
  });

  it('says what a variable must be and what it got', () => {
    expect(error({ PORT: 'achtzig' }).message).toBe('PORT: must be a whole number from 0 to 65535, got "achtzig"');
    expect(error({ UWE_DEMO: 'vielleicht' }).message).toBe('UWE_DEMO: must be 1 or 0 (true/false), got "vielleicht"');
    expect(error({ LOG_LEVEL: 'loud' }).message).toBe(
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
    expect(error({ UWE_DISCLOSURE_D: '3', UWE_DISCLOSURE_V: '4.5' }).message).toContain('below D(D + 1)/3 = 4');
  });

  it('never repeats a secret value in an error message', () => {
    expect(error({ UWE_SECRET: 'geheim-kurz' }).message).not.toContain('geheim');
    expect(error({ DATABASE_URL: 'mysql://uwe:pw-geheim@db/uwe' }).message).not.toContain('geheim');
    expect(error({ UWE_ADMIN_EMAIL: 'a@b.de', UWE_ADMIN_PASSWORD: 'geheim' }).message).not.toContain('geheim');
  });

  it('treats an empty variable as unset and reads switches as 1/0, true/false, yes/no, on/off', () => {
    expect(parseConfig({ PORT: '', HOST: '', LOG_LEVEL: '', UWE_DEMO: '' })).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      demo: undefined,
    });
    for (const on of ['1', 'true', 'YES', 'on']) expect(parseConfig({ UWE_DEMO: on }).demo).toBe(true);
    for (const off of ['0', 'false', 'No', 'off']) expect(parseConfig({ UWE_DEMO: off }).demo).toBe(false);
  });

  it('reads the disclosure settings; the sensitive minimums follow larger general ones', () => {
    const c = parseConfig({
      UWE_DISCLOSURE_N_MIN: '30',
      UWE_DISCLOSURE_K: '6',
      UWE_DISCLOSURE_MIN_SCHOOLS: '4',
      UWE_DISCLOSURE_D: '3',
      UWE_DISCLOSURE_V: '1.5',
    });
    expect(c.disclosure).toMatchObject({
      nMin: 30,
      nMinSensitive: 30,
      k: 6,
      kSensitive: 6,
      minSchoolsPerSozialraum: 4,
      maxDeviation: 3,
      variance: 1.5,
    });
    expect(parseConfig({}).disclosure).toMatchObject({ nMin: 10, nMinSensitive: 20, k: 3, kSensitive: 5 });
    expect(Object.isFrozen(c.disclosure)).toBe(true);
  });

  it('describes every variable it reads in one schema, with a default or as optional', () => {
    expect(CONFIG_VARIABLES).toEqual(Object.keys(EnvSchema.properties));
    for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'UWE_SECRET', 'TRUST_PROXY', 'UWE_API_DOCS', 'LOG_LEVEL']) {
      expect(CONFIG_VARIABLES).toContain(name);
    }
    for (const name of CONFIG_VARIABLES.filter((n) => n.startsWith('UWE_DISCLOSURE_'))) {
      expect(name).toMatch(/^UWE_DISCLOSURE_(N_MIN|N_MIN_SENSITIVE|K|K_SENSITIVE|MIN_SCHOOLS|D|V)$/);
    }
    expect(CONFIG_VARIABLES.filter((n) => n.startsWith('UWE_DISCLOSURE_'))).toHaveLength(7);
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
