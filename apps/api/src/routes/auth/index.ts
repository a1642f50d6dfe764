import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema, LoginBodySchema, StaffUserSchema } from '@uwe/schema';
import { writeAudit } from '../../audit/audit.repository.ts';
import { login, toStaffUser } from '../../auth/auth.service.ts';
import { failureLimiter } from '../../lib/failure-limit.ts';
import { checkOrigin, STAFF_COOKIE, STAFF_SESSION_SECONDS } from '../../plugins/app/auth.ts';
import { findUserById } from '../../users/users.repository.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // Per address and e-mail, so one guesser cannot lock out a colleague at the same school.
  const failures = failureLimiter(app, {
    name: 'login',
    max: 10,
    timeWindow: '15 minutes',
    key: (req) => `${req.ip}:${String((req.body as { email?: unknown })?.email ?? '').toLowerCase()}`,
  });

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        body: LoginBodySchema,
        response: { 200: StaffUserSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      // Login CSRF: another site must not sign a browser into an account of its choosing.
      checkOrigin(req);
      await failures.check(req);
      try {
        const user = await login(app.db, req.body.email, req.body.password);
        const token = await app.tokens.signStaff(
          { userId: user.id, version: user.session_version },
          STAFF_SESSION_SECONDS,
        );
        app.setStaffCookie(reply, token);
        await writeAudit(app.db, { actorId: user.id, action: 'login', entity: 'staff_user', entityId: user.id });
        return toStaffUser(app.db, user);
      } catch (err) {
        await failures.fail(req);
        throw err;
      }
    },
  );

  app.post('/logout', { schema: { tags: ['auth'], response: { 204: { type: 'null' } } } }, async (req, reply) => {
    checkOrigin(req);
    reply.clearCookie(STAFF_COOKIE, { path: '/api' });
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { onRequest: app.requireStaff(), schema: { tags: ['auth'], response: { 200: StaffUserSchema, 401: ErrorSchema } } },
    async (req) => {
      const user = await findUserById(app.db, req.staff!.id);
      return toStaffUser(app.db, user!);
    },
  );
};

export default routes;
