// The backup test restores a real pg_dump. The embedded PostgreSQL ships no pg_dump, and Debian 12
// only has PostgreSQL 15's tools (pg_dump refuses newer servers), so that test runs Debian's
// PostgreSQL 15 server and tools. On a fresh Debian machine, where we are root, install them;
// anywhere else, say what is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = process.env.PG_TOOLS_BIN ?? '/usr/lib/postgresql/15/bin';
const needed = ['initdb', 'pg_ctl', 'pg_dump', 'pg_restore'];
if (needed.every((b) => existsSync(`${bin}/${b}`))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt || process.env.PG_TOOLS_BIN) {
  console.error(
    `PostgreSQL tools not found in ${bin} (${needed.join(', ')}). Install Debian's postgresql-15 package or set PG_TOOLS_BIN to a folder with them.`,
  );
  process.exit(1);
}
console.error('PostgreSQL 15 tools not found: installing Debian’s postgresql-15 package for the backup test …');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-15'], {
  stdio: 'inherit',
  env,
});
