import { type Config, ConfigError, loadConfig } from '../config.ts';

/** The configuration of a program's start; a bad setting ends the program with exit code 1 and its message. */
export function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
