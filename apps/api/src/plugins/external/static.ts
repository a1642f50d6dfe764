import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notFound } from '../../lib/errors.ts';

/** Serves the built front end; every non-API path that is not a file gets the app shell. */
export default fp(
  async (app: FastifyInstance, opts: { uiDir: string }) => {
    const hasUi = existsSync(path.join(opts.uiDir, 'index.html'));
    if (hasUi) {
      await app.register(fastifyStatic, {
        root: opts.uiDir,
        wildcard: false,
        index: false,
        // The build writes a brotli (.br) and a gzip (.gz) copy beside every compressible file;
        // the one the browser accepts is sent as it is, with `vary: accept-encoding`.
        preCompressed: true,
        globIgnore: ['**/*.br', '**/*.gz'],
        // Set below per file; @fastify/send's own default (`public, max-age=0`) would win over
        // a header set on the raw response.
        cacheControl: false,
        setHeaders(reply, filePath) {
          // Hashed assets never change; the shell and the service worker must always be fresh.
          reply.header(
            'cache-control',
            filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    } else {
      app.log.warn({ uiDir: opts.uiDir }, 'no built front end found: serving the API only');
    }
    app.setNotFoundHandler((req, reply) => {
      const url = req.url.split('?')[0] ?? '/';
      if (url.startsWith('/api/') || url === '/api' || !hasUi || (req.method !== 'GET' && req.method !== 'HEAD')) {
        throw notFound(`Diese Adresse gibt es nicht: ${req.method} ${url}`);
      }
      // @fastify/static rejects traversal outside root; a path with an extension is a missing file.
      if (path.extname(url) !== '') throw notFound(`Diese Datei gibt es nicht: ${url}`);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  },
  { name: 'static' },
);
