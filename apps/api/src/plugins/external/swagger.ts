import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'UWE survey platform API',
          description: 'Anonymous child and youth wellbeing survey: master data, class sessions, answers, reports.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            staffCookie: { type: 'apiKey', in: 'cookie', name: 'uwe_session' },
            seatToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'swagger' },
);
