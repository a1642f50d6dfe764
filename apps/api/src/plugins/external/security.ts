import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const STRICT_STYLE_PATHS = /^\/(lehrkraft|monitoring|admin)(\/|\?|$)/;

export default fp(
  async (app: FastifyInstance, opts: { production: boolean }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Stylesheets only from us. What SurveyJS 3 still needs inline: its base theme (CSS
          // variables) written into a <style> element at run time, and style attributes in the
          // markup it renders; a hash would break with every update. Staff pages without SurveyJS
          // get `style-src-attr 'none'` (below).
          styleSrc: ["'self'"],
          styleSrcElem: ["'self'", "'unsafe-inline'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:'],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: opts.production ? [] : null,
        },
      },
      // Nothing of ours is embedded elsewhere, and no referrer carries a class code away.
      referrerPolicy: { policy: 'no-referrer' },
      hsts: opts.production,
    });
    // The teacher, monitoring and admin pages load no SurveyJS (the app picks its part by the path
    // at load and never switches): React and Leaflet set styles through the CSSOM, which CSP does
    // not govern, so style attributes in markup are refused there.
    app.addHook('onSend', async (req, reply, payload) => {
      if (STRICT_STYLE_PATHS.test(req.url)) {
        const csp = reply.getHeader('content-security-policy');
        if (typeof csp === 'string') {
          reply.header(
            'content-security-policy',
            csp.replace("style-src-attr 'unsafe-inline'", "style-src-attr 'none'"),
          );
        }
      }
      return payload;
    });
  },
  { name: 'security', dependencies: ['errors'] },
);
