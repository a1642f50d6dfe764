import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_DISCLOSURE_CONFIG, type DisclosureConfig } from '@uwe/disclosure';
import { defaultUiDir, repoRoot } from './paths.ts';

export { repoRoot };

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: the API runs an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Signs staff session cookies and pupil seat tokens. At least 32 characters. */
  readonly secret: string | undefined;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** Seed the demo city. Unset: on for the embedded database's first start, off otherwise. */
  readonly demo: boolean | undefined;
  readonly production: boolean;
  readonly logLevel: string;
  /** How long a class session stays open unless the teacher closes it earlier. */
  readonly sessionMinutes: number;
  /** How long a seat may still upload after its session closed (answers given offline). */
  readonly seatGraceHours: number;
  /** Folder of the built front end served by the API; unset or missing: API only. */
  readonly uiDir: string;
  /** Disclosure settings of new releases (DISCLOSURE.md); never shown to monitoring staff. */
  readonly disclosure: Readonly<DisclosureConfig>;
  /**
   * Which peers may name the client address in X-Forwarded-For: false (nobody, the default), a hop
   * count, or the addresses/CIDR ranges of the reverse proxies. Only used for failed-attempt limits.
   */
  readonly trustProxy: false | number | readonly string[];
  /** Serve the OpenAPI description and its UI at /api/docs. */
  readonly apiDocs: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

/** Every environment variable the API reads (docker-compose.yml is checked against this list). */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'UWE_DATA_DIR',
  'UWE_SECRET',
  'UWE_ADMIN_EMAIL',
  'UWE_ADMIN_PASSWORD',
  'UWE_DEMO',
  'UWE_UI_DIR',
  'UWE_SESSION_MINUTES',
  'UWE_SEAT_GRACE_HOURS',
  'UWE_DISCLOSURE_N_MIN',
  'UWE_DISCLOSURE_N_MIN_SENSITIVE',
  'UWE_DISCLOSURE_K',
  'UWE_DISCLOSURE_K_SENSITIVE',
  'UWE_DISCLOSURE_MIN_SCHOOLS',
  'UWE_DISCLOSURE_D',
  'UWE_DISCLOSURE_V',
  'LOG_LEVEL',
  'NODE_ENV',
  'TRUST_PROXY',
  'UWE_API_DOCS',
] as const;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(name, `must be a number such as 0.5, got "${raw}"`);
  const n = Number(raw);
  if (n <= min || n >= max) throw new ConfigError(name, `must be above ${min} and below ${max}, got ${n}`);
  return n;
}

function disclosure(env: Env): DisclosureConfig {
  const d = DEFAULT_DISCLOSURE_CONFIG;
  const maxDeviation = int(env, 'UWE_DISCLOSURE_D', d.maxDeviation, 1, 10);
  // The perturbation table needs V below D(D + 1)/3 (the variance of a uniform noise on −D … D).
  const variance = decimal(env, 'UWE_DISCLOSURE_V', d.variance, 0, (maxDeviation * (maxDeviation + 1)) / 3);
  const nMin = int(env, 'UWE_DISCLOSURE_N_MIN', d.nMin, 3, 1000);
  const k = int(env, 'UWE_DISCLOSURE_K', d.k, 1, 100);
  return {
    ...d,
    nMin,
    nMinSensitive: int(env, 'UWE_DISCLOSURE_N_MIN_SENSITIVE', Math.max(d.nMinSensitive, nMin), nMin, 1000),
    k,
    kSensitive: int(env, 'UWE_DISCLOSURE_K_SENSITIVE', Math.max(d.kSensitive, k), k, 100),
    minSchoolsPerSozialraum: int(env, 'UWE_DISCLOSURE_MIN_SCHOOLS', d.minSchoolsPerSozialraum, 1, 100),
    maxDeviation,
    variance,
  };
}

function bool(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be 1 or 0 (true/false), got "${raw}"`);
}

/**
 * TRUST_PROXY: empty or 0 trusts no proxy; a whole number trusts that many hops; otherwise a comma
 * separated list of proxy addresses or CIDR ranges. `true` is refused on purpose: trusting every
 * peer lets any client reset its failed-attempt budget with a made-up X-Forwarded-For.
 */
function trustProxy(env: Env): false | number | readonly string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === '0' || /^(false|no|off)$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `a hop count must be between 0 and 10, got ${hops}`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || rest.length > 0) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be a hop count or a comma-separated list of proxy addresses (e.g. 10.0.0.5,172.18.0.0/16), got "${entry}"`,
      );
    }
  }
  return Object.freeze(entries);
}

/** Parses and validates the environment. Pure: reads only `env`, touches no file. */
export function parseConfig(env: Env, cwd: string = process.cwd()): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a URL (expected postgres://user:password@host:5432/database)');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `must start with postgres://, got "${url.protocol}//"`);
    }
  }
  const secret = env.UWE_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('UWE_SECRET', 'must be at least 32 characters long');
  }
  const adminEmail = env.UWE_ADMIN_EMAIL || undefined;
  const adminPassword = env.UWE_ADMIN_PASSWORD || undefined;
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('UWE_ADMIN_EMAIL', `is not an e-mail address: "${adminEmail}"`);
  }
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(
      adminEmail === undefined ? 'UWE_ADMIN_EMAIL' : 'UWE_ADMIN_PASSWORD',
      'UWE_ADMIN_EMAIL and UWE_ADMIN_PASSWORD must be set together',
    );
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('UWE_ADMIN_PASSWORD', 'must be at least 10 characters long');
  }
  const host = env.HOST || '127.0.0.1';
  const nodeEnv = env.NODE_ENV ?? 'development';
  // pnpm runs scripts inside the package folder; relative paths mean the folder the user was in.
  const base = env.INIT_CWD || cwd;
  const dataDir = env.UWE_DATA_DIR ? path.resolve(base, env.UWE_DATA_DIR) : path.join(repoRoot, '.data');
  const uiDir = env.UWE_UI_DIR ? path.resolve(base, env.UWE_UI_DIR) : defaultUiDir;
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`,
    );
  }

  return Object.freeze({
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    databaseUrl,
    dataDir,
    secret,
    adminEmail,
    adminPassword,
    demo: bool(env, 'UWE_DEMO'),
    production: nodeEnv === 'production',
    logLevel,
    sessionMinutes: int(env, 'UWE_SESSION_MINUTES', 90, 5, 24 * 60),
    seatGraceHours: int(env, 'UWE_SEAT_GRACE_HOURS', 12, 0, 24 * 14),
    uiDir,
    disclosure: Object.freeze(disclosure(env)),
    trustProxy: trustProxy(env),
    apiDocs: bool(env, 'UWE_API_DOCS') ?? true,
  });
}

/** Returns UWE_SECRET, or the secret kept under the data folder, generating it on first start. */
export function ensureSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** The only place that reads process.env. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
