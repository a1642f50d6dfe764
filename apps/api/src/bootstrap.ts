import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './db/types.ts';
import { hashPassword } from './lib/passwords.ts';
import { seedDemoCity } from './seed/demo-city.ts';
import { seedDemoResults } from './seed/demo-results.ts';
import { countActiveUsersWithRole, findUserByEmail, insertUser } from './users/users.repository.ts';

export interface BootstrapResult {
  /** Printed once to the console; never logged. */
  lines: string[];
}

/**
 * First start: creates the first admin (from UWE_ADMIN_* or with a generated password shown once)
 * and, when asked, the demo city.
 */
export async function bootstrap(db: Kysely<DB>, config: Config, opts: { demo: boolean }): Promise<BootstrapResult> {
  const lines: string[] = [];
  if ((await countActiveUsersWithRole(db, 'admin')) === 0) {
    if (config.adminEmail && config.adminPassword) {
      if (!(await findUserByEmail(db, config.adminEmail))) {
        await insertUser(db, {
          email: config.adminEmail,
          password_hash: await hashPassword(config.adminPassword),
          role: 'admin',
          display_name: 'Administration',
        });
        lines.push(`Admin account created: ${config.adminEmail} (password from UWE_ADMIN_PASSWORD)`);
      }
    } else if (!opts.demo) {
      const password = randomBytes(12).toString('base64url');
      await insertUser(db, {
        email: 'admin@localhost',
        password_hash: await hashPassword(password),
        role: 'admin',
        display_name: 'Administration',
      });
      lines.push('First admin account created. This password is shown only once:');
      lines.push(`  admin@localhost / ${password}`);
    }
  }
  if (opts.demo) {
    lines.push(...(await seedDemoCity(db)));
    lines.push(...(await seedDemoResults(db)));
  }
  return { lines };
}
