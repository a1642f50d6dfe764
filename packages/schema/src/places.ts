/**
 * Where children live: the street list a tablet receives with its form, and the lookup that runs on
 * the tablet (a street never leaves it; only the Sozialraum code it maps to is sent). Pure and
 * dependency-free, because it ships in the pupil bundle.
 */
import { type Static, Type } from '@sinclair/typebox';

export { foldStreet, indexStreets, type StreetIndex, suggestStreets } from './places-match.ts';

export const ParitySchema = Type.Union([Type.Literal('all'), Type.Literal('odd'), Type.Literal('even')]);
export type Parity = Static<typeof ParitySchema>;

/** One part of a street: a Sozialraum code and, where the street is split, its house numbers. */
export const StreetPartSchema = Type.Object({
  code: Type.String(),
  from: Type.Union([Type.Integer(), Type.Null()]),
  to: Type.Union([Type.Integer(), Type.Null()]),
  parity: ParitySchema,
});
export type StreetPart = Static<typeof StreetPartSchema>;

export const PupilPlacesSchema = Type.Object({
  /** The city's name for "Nicht in <Stadt>"; empty when no street list was imported. */
  city: Type.String(),
  /** Sozialräume a child may pick from the list (those with a code), by name. */
  sozialraeume: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  streets: Type.Array(Type.Object({ name: Type.String(), parts: Type.Array(StreetPartSchema) })),
});
export type PupilPlaces = Static<typeof PupilPlacesSchema>;

/** The answer codes of the residence question that are not Sozialraum codes. */
export const RESIDENCE_UNKNOWN = 'weiss_nicht';
export const RESIDENCE_OUTSIDE = 'nicht_in_stadt';

/** The Sozialraum codes a street's parts point to, each once. */
export function codesOf(parts: readonly StreetPart[]): string[] {
  return [...new Set(parts.map((p) => p.code))];
}
