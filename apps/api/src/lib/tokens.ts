import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from './errors.ts';

const ISSUER = 'uwe';
const ALG = 'HS256';

export interface StaffClaims {
  userId: string;
  /** Must equal staff_user.session_version; raised on password reset or deactivation. */
  version: number;
  /** The staff_session row of this sign-in: logout deletes it and the cookie stops working. */
  sessionId: string;
}

export interface SeatClaims {
  sessionId: string;
  seatId: string;
}

/** Signs and verifies the two kinds of tokens; each audience is only accepted where it belongs. */
export class Tokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  signStaff(claims: StaffClaims, ttlSeconds: number): Promise<string> {
    return new SignJWT({ v: claims.version })
      .setProtectedHeader({ alg: ALG })
      .setSubject(claims.userId)
      .setJti(claims.sessionId)
      .setAudience('staff')
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** A seat token names a session and a random seat, nothing about the child. */
  signSeat(sessionId: string, expiresAt: Date): Promise<{ token: string; seatId: string }> {
    const seatId = randomUUID();
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: ALG })
      .setSubject(seatId)
      .setAudience('pupil')
      .setIssuer(ISSUER)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key)
      .then((token) => ({ token, seatId }));
  }

  async verifyStaff(token: string): Promise<StaffClaims> {
    const payload = await this.verify(token, 'staff');
    if (typeof payload.v !== 'number' || typeof payload.jti !== 'string') throw invalid();
    return { userId: payload.sub as string, version: payload.v, sessionId: payload.jti };
  }

  async verifySeat(token: string): Promise<SeatClaims> {
    const payload = await this.verify(token, 'pupil');
    if (typeof payload.sid !== 'string') throw invalid();
    return { sessionId: payload.sid, seatId: payload.sub as string };
  }

  private async verify(token: string, audience: 'staff' | 'pupil') {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALG], audience, issuer: ISSUER });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw invalid();
      return payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw new AppError(401, 'TOKEN_EXPIRED', 'Die Anmeldung ist abgelaufen.');
      }
      if (err instanceof AppError) throw err;
      throw invalid();
    }
  }
}

const invalid = () => new AppError(401, 'TOKEN_INVALID', 'Die Anmeldung ist ungültig.');
