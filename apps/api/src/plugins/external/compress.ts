import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * API answers above 1 kB are compressed on the fly (brotli, else gzip): report tables and the
 * instrument are JSON of hundreds of kB that shrink about tenfold. The front end's files are
 * compressed once at build time and served as they are (static.ts); a response that already has a
 * content-encoding is left alone. Server-Sent Events are written to the raw socket and never pass
 * through here. Request bodies are not decompressed: nothing the API accepts is large.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(compress, {
      global: true,
      globalDecompression: false,
      threshold: 1024,
      encodings: ['br', 'gzip'],
      // Quality 4: about as small as gzip -9 at a fraction of its CPU time; 11 is for build time.
      brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    });
  },
  { name: 'compress' },
);
