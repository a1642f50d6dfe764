/** Stable machine codes: clients and tests rely on them, so only add, never rename. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'INVALID_ANSWERS'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_CLOSED'
  | 'SESSION_FULL'
  | 'CODE_LOCKED'
  | 'SEAT_EXPIRED'
  | 'CONFLICT'
  | 'RESPONSE_FINISHED'
  | 'RESPONSE_WITHDRAWN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'DATABASE_UNAVAILABLE'
  | 'NO_RELEASE'
  | 'RELEASE_IN_PROGRESS'
  | 'NO_FINISHED_RESPONSES'
  | 'EXPORT_PREPARING'
  | 'FOLLOW_UP_WITHOUT_FILTER'
  | 'PAPER_ENTRY_CLOSED'
  | 'SHEET_NOT_FOUND'
  | 'SHEET_ALREADY_COUNTED'
  | 'DOUBLE_ENTRY_INCOMPLETE'
  | 'GRADE_NOT_AT_SCHOOL'
  | 'NO_RESIDENCE_FOR_SCHOOLS'
  | 'INTERNAL_ERROR';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra, safe fields for the client (for example the ids of invalid items). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'BAD_REQUEST', message, details);
export const notFound = (message = 'Nicht gefunden.', code: ErrorCode = 'NOT_FOUND') =>
  new AppError(404, code, message);
export const forbidden = (message = 'Dafür fehlt Ihnen die Berechtigung.') => new AppError(403, 'FORBIDDEN', message);
export const conflict = (message: string, code: ErrorCode = 'CONFLICT', details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
export const unauthenticated = (message = 'Bitte melden Sie sich an.', code: ErrorCode = 'UNAUTHENTICATED') =>
  new AppError(401, code, message);
