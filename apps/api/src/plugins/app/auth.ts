import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../db/types.ts';
import { AppError, forbidden, unauthenticated } from '../../lib/errors.ts';
import { type SeatClaims, Tokens } from '../../lib/tokens.ts';
import { Throttle } from '../../throttle/throttle.service.ts';
import { findUserBySession, schoolIdsOfUser } from '../../users/users.repository.ts';

export const STAFF_COOKIE = 'uwe_session';
export const STAFF_SESSION_SECONDS = 10 * 60 * 60;

export interface StaffPrincipal {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  /** Schools a teacher belongs to (empty for other roles). */
  schoolIds: string[];
  /** The sign-in (staff_session row) and account version this request was made with. */
  sessionId: string;
  version: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokens: Tokens;
    throttle: Throttle;
    /** onRequest hook: a signed-in, active staff member with one of these roles. */
    requireStaff(...roles: Role[]): onRequestHookHandler;
    /** onRequest hook: a valid seat token (Authorization: Bearer). */
    requireSeat: onRequestHookHandler;
    setStaffCookie(reply: FastifyReply, token: string): void;
  }
  interface FastifyRequest {
    staff: StaffPrincipal | null;
    seat: SeatClaims | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** SameSite=Strict already stops cross-site cookies; the Origin check is the second lock. */
export function checkOrigin(req: FastifyRequest) {
  if (!UNSAFE.has(req.method)) return;
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw forbidden('Anfrage von einer fremden Seite abgelehnt.');
  }
  if (host !== req.headers.host) throw forbidden('Anfrage von einer fremden Seite abgelehnt.');
}

export default fp(
  async (app: FastifyInstance, opts: { secret: string; production: boolean }) => {
    await app.register(cookie);
    app.decorate('tokens', new Tokens(opts.secret));
    app.decorate('throttle', new Throttle(app.db, opts.secret));
    app.decorateRequest('staff', null);
    app.decorateRequest('seat', null);

    app.decorate('setStaffCookie', (reply: FastifyReply, token: string) => {
      reply.setCookie(STAFF_COOKIE, token, {
        path: '/api',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.production,
        maxAge: STAFF_SESSION_SECONDS,
      });
    });

    app.decorate('requireStaff', (...roles: Role[]): onRequestHookHandler => {
      return async (req) => {
        const token = req.cookies[STAFF_COOKIE];
        if (!token) throw unauthenticated();
        if (req.headers.authorization) throw unauthenticated('Mitarbeiter-Bereiche nutzen keine Sitzplatz-Token.');
        const claims = await app.tokens.verifyStaff(token);
        // The sign-in must still exist on the server: logout and an admin's "end sessions" delete it.
        const user = await findUserBySession(app.db, claims.sessionId, claims.userId);
        if (!user?.active || user.session_version !== claims.version) {
          throw new AppError(
            401,
            'TOKEN_INVALID',
            'Die Anmeldung ist nicht mehr gültig. Bitte melden Sie sich neu an.',
          );
        }
        checkOrigin(req);
        if (roles.length > 0 && !roles.includes(user.role)) throw forbidden();
        req.staff = {
          id: user.id,
          email: user.email,
          displayName: user.display_name,
          role: user.role,
          schoolIds: user.role === 'teacher' ? await schoolIdsOfUser(app.db, user.id) : [],
          sessionId: claims.sessionId,
          version: claims.version,
        };
      };
    });

    app.decorate('requireSeat', async function requireSeat(req: FastifyRequest) {
      const header = req.headers.authorization;
      const match = header ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header) : null;
      if (!match?.[1]) throw unauthenticated('Kein gültiger Sitzplatz. Bitte den Klassen-Code neu eingeben.');
      req.seat = await app.tokens.verifySeat(match[1]);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
