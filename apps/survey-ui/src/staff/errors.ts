import { HttpError } from '../api/http.ts';

/** The API's own German message where there is one. */
export function errorMessage(
  err: unknown,
  fallback = 'Das hat nicht geklappt. Bitte versuchen Sie es erneut.',
): string {
  return err instanceof HttpError ? err.message : fallback;
}
