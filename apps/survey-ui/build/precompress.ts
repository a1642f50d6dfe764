import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|webmanifest|svg|txt|xml|map)$/;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (COMPRESSIBLE.test(entry.name)) out.push(p);
  }
  return out;
}

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip, level 9) beside every compressible
 * file of `dir`, where the copy is smaller. Done once per build, so the strongest settings are
 * affordable; the server only picks the copy the browser accepts (apps/api static.ts).
 */
export async function precompressDir(dir: string): Promise<{ files: number; bytes: number; brotli: number }> {
  let files = 0;
  let bytes = 0;
  let brotliBytes = 0;
  await Promise.all(
    (await filesUnder(dir)).map(async (file) => {
      const raw = await readFile(file);
      const [br, gzipped] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        }),
        gz(raw, { level: 9 }),
      ]);
      if (br.length < raw.length) await writeFile(`${file}.br`, br);
      if (gzipped.length < raw.length) await writeFile(`${file}.gz`, gzipped);
      files++;
      bytes += raw.length;
      brotliBytes += Math.min(br.length, raw.length);
    }),
  );
  return { files, bytes, brotli: brotliBytes };
}

/**
 * Vite plugin: precompresses the finished build. It runs last, after vite-plugin-pwa has written
 * the service worker, so sw.js and workbox are compressed too.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  let logger: Logger | undefined;
  return {
    name: 'uwe-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const r = await precompressDir(outDir);
        logger?.info(
          `precompressed ${r.files} files: ${(r.bytes / 1024).toFixed(0)} kB → ${(r.brotli / 1024).toFixed(0)} kB brotli`,
        );
      },
    },
  };
}
