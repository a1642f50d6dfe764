// `pnpm --filter @uwe/api build`: compiles the API's programs to plain JavaScript in dist/, which
// production runs with `node --enable-source-maps dist/<name>.js` (no tsx, no TypeScript).
//
// esbuild bundles the API's own code and the workspace packages (@uwe/schema, @uwe/disclosure
// export TypeScript source, so they cannot be loaded by node as they are). Every npm package stays
// an import, loaded from node_modules at run time: packages that read their own files (the Swagger
// UI's assets, pino's transports) keep working, and `pnpm deploy --prod` installs them.
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every program of the API that runs in production, one line each. Output names are the file
 * names (dist/server.js, dist/migrate.js, …), so they must be unique.
 */
const ENTRY_POINTS: readonly string[] = [
  'src/server.ts',
  // server.ts forks it as ./worker.js (pnpm start); docker-compose runs it as a service of its own.
  'src/worker.ts',
  'src/cli/migrate.ts',
  'src/cli/seed-responses.ts',
];

const { values: args } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = path.resolve(apiRoot, args.outdir);
// src/paths.ts finds the repository from its own URL: it must end up one folder below apps/api.
if (path.dirname(outdir) !== path.resolve(apiRoot)) {
  throw new Error(`--outdir must be a folder directly inside apps/api, got ${outdir}`);
}
const names = ENTRY_POINTS.map((e) => path.basename(e, '.ts'));
const duplicate = names.find((n, i) => names.indexOf(n) !== i);
if (duplicate) throw new Error(`two entry points would both be written to ${duplicate}.js`);

const manifest = JSON.parse(readFileSync(path.join(apiRoot, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDependencies = new Set(Object.keys(manifest.dependencies ?? {}));
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Bundles relative imports and the workspace packages; leaves Node built-ins, npm packages and
 * package.json `imports` (#embedded-postgres, a development-only helper) as imports. An npm package
 * that is not a runtime dependency of @uwe/api would be missing from the production image: refuse it.
 */
const externals: esbuild.Plugin = {
  name: 'uwe-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (resolved) => {
      const spec = resolved.path;
      if (spec.startsWith('@uwe/')) return undefined;
      if (spec.startsWith('node:') || builtins.has(spec) || spec.startsWith('#')) return { external: true };
      const name = packageName(spec);
      if (!runtimeDependencies.has(name)) {
        return {
          errors: [
            {
              text: `"${name}" is imported by ${path.relative(apiRoot, resolved.importer)} but is not in the dependencies of @uwe/api`,
            },
          ],
        };
      }
      return { external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
const result = await esbuild.build({
  absWorkingDir: apiRoot,
  entryPoints: [...ENTRY_POINTS],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  // Stack traces only need the mappings; the image need not carry the source text.
  sourcesContent: false,
  // Fastify's logs and error messages name functions and classes.
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [externals],
});

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
const total = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `API built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${ENTRY_POINTS.length} programs, ` +
    `${outputs.length} files, ${kB(total)} in ${path.relative(process.cwd(), outdir) || '.'}/ ` +
    `(${names.map((n) => `${n}.js`).join(', ')})`,
);
