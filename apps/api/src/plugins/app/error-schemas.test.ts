import { ErrorSchema } from '@uwe/schema';
import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { addErrorResponses } from './error-schemas.ts';
import { STATUS_TEXT } from './errors.ts';

const route = (schema?: RouteOptions['schema']) =>
  ({ method: 'GET', url: '/x', handler: () => {}, schema }) as RouteOptions;

describe('addErrorResponses', () => {
  it('gives a route without a schema the error body for every status the error handler uses', () => {
    const r = route();
    addErrorResponses(r);
    const response = r.schema?.response as Record<string, { description: string; required: string[] }>;
    expect(Object.keys(response).sort()).toEqual(Object.keys(STATUS_TEXT).sort());
    expect(response['409']).toMatchObject({ description: 'Conflict', required: ErrorSchema.required });
  });

  it('keeps what a route declares itself and its other schemas', () => {
    const own = { type: 'object', properties: { status: { type: 'string' } } };
    const params = { type: 'object' };
    const r = route({ params, response: { 200: own, 503: own } });
    addErrorResponses(r);
    const response = r.schema?.response as Record<string, unknown>;
    expect(response['200']).toBe(own);
    expect(response['503']).toBe(own);
    expect(response['401']).toMatchObject({ description: 'Unauthorized' });
    expect(r.schema?.params).toBe(params);
  });
});
