import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginBodySchema, StaffUserSchema } from '@uwe/schema';
import { writeAudit } from '../../audit/audit.repository.ts';
import { login, normaliseEmail, startStaffSession, toStaffUser } from '../../auth/auth.service.ts';
import { checkOrigin, STAFF_COOKIE, STAFF_SESSION_SECONDS } from '../../plugins/app/auth.ts';
import { deleteStaffSession, findUserById } from '../../users/users.repository.ts';

/** Failed logins per address and e-mail, so one guesser cannot lock out a colleague at the same school. */
export const LOGIN_BUDGET = { max: 10, windowSeconds: 15 * 60 };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        body: LoginBodySchema,
        response: { 200: StaffUserSchema },
      },
    },
    async (req, reply) => {
      // Login CSRF: another site must not sign a browser into an account of its choosing.
      checkOrigin(req);
      // The attempt is reserved before the password is checked, so a burst of concurrent guesses
      // gets no more checks than the budget; a right password gives its attempt back.
      const subject = `${req.ip}\n${normaliseEmail(req.body.email)}`;
      const attempt = await app.throttle.reserve('login', subject, LOGIN_BUDGET);
      const user = await login(app.db, req.body.email, req.body.password);
      await attempt.release();
      const sessionId = await startStaffSession(app.db, user.id, STAFF_SESSION_SECONDS);
      const token = await app.tokens.signStaff(
        { userId: user.id, version: user.session_version, sessionId },
        STAFF_SESSION_SECONDS,
      );
      app.setStaffCookie(reply, token);
      await writeAudit(app.db, { actorId: user.id, action: 'login', entity: 'staff_user', entityId: user.id });
      return toStaffUser(app.db, user);
    },
  );

  app.post('/logout', { schema: { tags: ['auth'], response: { 204: { type: 'null' } } } }, async (req, reply) => {
    checkOrigin(req);
    // The sign-in ends on the server too: a copy of the cookie is worthless from now on.
    const token = req.cookies[STAFF_COOKIE];
    if (token) {
      const claims = await app.tokens.verifyStaff(token).catch(() => null);
      if (claims) await deleteStaffSession(app.db, claims.sessionId);
    }
    reply.clearCookie(STAFF_COOKIE, { path: '/api' });
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { onRequest: app.requireStaff(), schema: { tags: ['auth'], response: { 200: StaffUserSchema } } },
    async (req) => {
      const user = await findUserById(app.db, req.staff!.id);
      return toStaffUser(app.db, user!);
    },
  );
};

export default routes;
