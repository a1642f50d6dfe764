import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { FormatRegistry, Kind, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
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
  readonly logLevel: LogLevel;
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
  /**
   * Where the jobs (release builds, export files) run: `process` (server.ts starts the worker as a
   * child process, the default), `off` (a separate worker service runs them: docker-compose), or
   * `inline` (in the API process itself: tests).
   */
  readonly worker: 'process' | 'off' | 'inline';
  /**
   * Seconds between the live view's safety reads of a watched session (changes arrive at once
   * through LISTEN/NOTIFY; this catches a lost notification and ends revoked streams).
   */
  readonly livePollSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A proxy address or CIDR range (IPv4 or IPv6). */
function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
  return family !== 0 && bitsOk && rest.length === 0;
}

const NO_PROXY = /^(|0|false|no|off)$/i;

// Formats of the schema below. Registered under names of our own: the registry is TypeBox's, global.
FormatRegistry.Set('uwe-postgres-url', (value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});
FormatRegistry.Set('uwe-trust-proxy', (value) => {
  const raw = value.trim();
  if (NO_PROXY.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw) <= 10;
  return raw.split(',').every((entry) => isAddressOrRange(entry.trim()));
});

const d = DEFAULT_DISCLOSURE_CONFIG;

/**
 * Every environment variable the API reads, with its type, range and default: the one place that
 * says what a valid configuration is. Values arrive as strings and are converted by the schema's
 * type (whole numbers, numbers, 1/0 switches) before it is checked; an empty value counts as unset.
 * `secret: true` keeps a value out of error messages.
 */
export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'Port of the HTTP server' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address to listen on' }),
  DATABASE_URL: Type.Optional(
    Type.String({
      format: 'uwe-postgres-url',
      secret: true,
      errorMessage: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database',
      description: 'The PostgreSQL to use; unset: an embedded PostgreSQL under UWE_DATA_DIR',
    }),
  ),
  UWE_DATA_DIR: Type.Optional(Type.String({ description: 'Embedded database and generated secret (default .data/)' })),
  UWE_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      secret: true,
      errorMessage: 'must be at least 32 characters long',
      description: 'Signs staff sessions and seat tokens; unset: generated and kept under UWE_DATA_DIR',
    }),
  ),
  UWE_ADMIN_EMAIL: Type.Optional(
    Type.String({
      pattern: '^[^\\s@]+@[^\\s@]+$',
      errorMessage: 'is not an e-mail address',
      description: 'The first admin, created when no admin exists (with UWE_ADMIN_PASSWORD)',
    }),
  ),
  UWE_ADMIN_PASSWORD: Type.Optional(
    Type.String({ minLength: 10, secret: true, errorMessage: 'must be at least 10 characters long' }),
  ),
  UWE_DEMO: Type.Optional(
    Type.Boolean({ description: "Seed the demo city; unset: on for the embedded database's first start" }),
  ),
  UWE_UI_DIR: Type.Optional(Type.String({ description: 'The built front end (default apps/survey-ui/dist)' })),
  UWE_SESSION_MINUTES: Type.Integer({ minimum: 5, maximum: 24 * 60, default: 90 }),
  UWE_SEAT_GRACE_HOURS: Type.Integer({ minimum: 0, maximum: 24 * 14, default: 12 }),
  UWE_DISCLOSURE_N_MIN: Type.Integer({ minimum: 3, maximum: 1000, default: d.nMin }),
  UWE_DISCLOSURE_N_MIN_SENSITIVE: Type.Optional(
    Type.Integer({
      minimum: 3,
      maximum: 1000,
      description: `At least UWE_DISCLOSURE_N_MIN (default ${d.nMinSensitive})`,
    }),
  ),
  UWE_DISCLOSURE_K: Type.Integer({ minimum: 1, maximum: 100, default: d.k }),
  UWE_DISCLOSURE_K_SENSITIVE: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: `At least UWE_DISCLOSURE_K (default ${d.kSensitive})` }),
  ),
  UWE_DISCLOSURE_MIN_SCHOOLS: Type.Integer({ minimum: 1, maximum: 100, default: d.minSchoolsPerSozialraum }),
  UWE_DISCLOSURE_D: Type.Integer({ minimum: 1, maximum: 10, default: d.maxDeviation }),
  // The perturbation table needs V below D(D + 1)/3 (the variance of a uniform noise on −D … D).
  UWE_DISCLOSURE_V: Type.Number({ exclusiveMinimum: 0, default: d.variance, description: 'Below D(D + 1)/3' }),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  NODE_ENV: Type.String({ default: 'development', description: 'production: JSON logs, secure cookies' }),
  /**
   * Which peers may name the client address in X-Forwarded-For: empty or 0 trusts no proxy; a whole
   * number trusts that many hops; otherwise a comma-separated list of proxy addresses or CIDR ranges.
   * `true` is refused on purpose: trusting every peer lets any client reset its failed-attempt
   * budget with a made-up X-Forwarded-For.
   */
  TRUST_PROXY: Type.Optional(
    Type.String({
      format: 'uwe-trust-proxy',
      errorMessage:
        'must be a hop count from 0 to 10 or a comma-separated list of proxy addresses (e.g. 10.0.0.5,172.18.0.0/16)',
    }),
  ),
  UWE_API_DOCS: Type.Boolean({ default: true, description: 'Serve the OpenAPI description at /api/docs' }),
  UWE_WORKER: Type.Union([Type.Literal('process'), Type.Literal('off'), Type.Literal('inline')], {
    default: 'process',
    description: 'Where jobs run: a child process of the API, a separate worker service (off), or inline',
  }),
  UWE_LIVE_POLL_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  INIT_CWD: Type.Optional(
    Type.String({ description: 'Set by pnpm: where the user ran it; relative paths start there' }),
  ),
});
export type Env = Static<typeof EnvSchema>;

/** Every environment variable the API reads (docker-compose.yml is checked against this list). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.properties) as readonly (keyof Env)[];

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** A variable's string as the type its schema asks for; left as it is when it does not fit. */
function convert(schema: TSchema, raw: string): unknown {
  switch (schema[Kind]) {
    case 'Integer':
      return /^\d+$/.test(raw) ? Number(raw) : raw;
    case 'Number':
      return /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'Boolean':
      return TRUE.test(raw) ? true : FALSE.test(raw) ? false : raw;
    default:
      return raw;
  }
}

/** What the schema of a variable asks for, in words. */
function expectation(schema: TSchema): string {
  if (typeof schema.errorMessage === 'string') return schema.errorMessage;
  switch (schema[Kind]) {
    case 'Integer':
      return `must be a whole number from ${schema.minimum} to ${schema.maximum}`;
    case 'Number':
      return `must be a number such as 0.5, above ${schema.exclusiveMinimum}`;
    case 'Boolean':
      return 'must be 1 or 0 (true/false)';
    case 'Union':
      return `must be one of ${(schema.anyOf as TSchema[]).map((s) => s.const).join(', ')}`;
    default:
      return 'is not valid';
  }
}

/** The environment checked against EnvSchema, converted, defaults filled in. */
export function readEnv(raw: Record<string, string | undefined>): Env {
  const value: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(EnvSchema.properties) as [string, TSchema][]) {
    const text = raw[name];
    if (text !== undefined && text !== '') value[name] = convert(schema, text);
  }
  Value.Default(EnvSchema, value);
  const error = Value.Errors(EnvSchema, value).First();
  if (error) {
    const name = error.path.split('/')[1] ?? '';
    const schema = (EnvSchema.properties as Record<string, TSchema>)[name];
    if (!schema) throw new ConfigError(name || '(environment)', error.message);
    const shown = schema.secret ? '' : `, got "${raw[name] ?? ''}"`;
    throw new ConfigError(name, `${expectation(schema)}${shown}`);
  }
  return value as Env;
}

function trustProxy(raw: string | undefined): false | number | readonly string[] {
  const value = (raw ?? '').trim();
  if (NO_PROXY.test(value)) return false;
  // A hop count: trust that many proxies in front of us (the nearest first), no more.
  if (/^\d+$/.test(value)) return Number(value);
  return Object.freeze(value.split(',').map((e) => e.trim()));
}

/** The disclosure settings, with the rules that tie one variable to another. */
function disclosure(env: Env): DisclosureConfig {
  const nMinSensitive = env.UWE_DISCLOSURE_N_MIN_SENSITIVE ?? Math.max(d.nMinSensitive, env.UWE_DISCLOSURE_N_MIN);
  if (nMinSensitive < env.UWE_DISCLOSURE_N_MIN) {
    throw new ConfigError(
      'UWE_DISCLOSURE_N_MIN_SENSITIVE',
      `must be at least UWE_DISCLOSURE_N_MIN (${env.UWE_DISCLOSURE_N_MIN}), got ${nMinSensitive}`,
    );
  }
  const kSensitive = env.UWE_DISCLOSURE_K_SENSITIVE ?? Math.max(d.kSensitive, env.UWE_DISCLOSURE_K);
  if (kSensitive < env.UWE_DISCLOSURE_K) {
    throw new ConfigError(
      'UWE_DISCLOSURE_K_SENSITIVE',
      `must be at least UWE_DISCLOSURE_K (${env.UWE_DISCLOSURE_K}), got ${kSensitive}`,
    );
  }
  const maxDeviation = env.UWE_DISCLOSURE_D;
  const maxVariance = (maxDeviation * (maxDeviation + 1)) / 3;
  if (env.UWE_DISCLOSURE_V >= maxVariance) {
    throw new ConfigError(
      'UWE_DISCLOSURE_V',
      `must be below D(D + 1)/3 = ${Number(maxVariance.toFixed(3))} for UWE_DISCLOSURE_D=${maxDeviation}, got ${env.UWE_DISCLOSURE_V}`,
    );
  }
  return {
    ...d,
    nMin: env.UWE_DISCLOSURE_N_MIN,
    nMinSensitive,
    k: env.UWE_DISCLOSURE_K,
    kSensitive,
    minSchoolsPerSozialraum: env.UWE_DISCLOSURE_MIN_SCHOOLS,
    maxDeviation,
    variance: env.UWE_DISCLOSURE_V,
  };
}

/** Parses and validates the environment. Pure: reads only `env`, touches no file. */
export function parseConfig(source: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const env = readEnv(source);
  if ((env.UWE_ADMIN_EMAIL === undefined) !== (env.UWE_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      env.UWE_ADMIN_EMAIL === undefined ? 'UWE_ADMIN_EMAIL' : 'UWE_ADMIN_PASSWORD',
      'UWE_ADMIN_EMAIL and UWE_ADMIN_PASSWORD must be set together',
    );
  }
  // pnpm runs scripts inside the package folder; relative paths mean the folder the user was in.
  const base = env.INIT_CWD || cwd;
  return Object.freeze({
    worker: env.UWE_WORKER,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.UWE_DATA_DIR ? path.resolve(base, env.UWE_DATA_DIR) : path.join(repoRoot, '.data'),
    secret: env.UWE_SECRET,
    adminEmail: env.UWE_ADMIN_EMAIL,
    adminPassword: env.UWE_ADMIN_PASSWORD,
    demo: env.UWE_DEMO,
    production: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    sessionMinutes: env.UWE_SESSION_MINUTES,
    seatGraceHours: env.UWE_SEAT_GRACE_HOURS,
    uiDir: env.UWE_UI_DIR ? path.resolve(base, env.UWE_UI_DIR) : defaultUiDir,
    disclosure: Object.freeze(disclosure(env)),
    trustProxy: trustProxy(env.TRUST_PROXY),
    apiDocs: env.UWE_API_DOCS,
    livePollSeconds: env.UWE_LIVE_POLL_SECONDS,
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
