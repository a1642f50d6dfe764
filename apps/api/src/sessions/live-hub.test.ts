import { describe, expect, it } from 'vitest';
import { LiveHub } from './live-hub.ts';

describe('LiveHub', () => {
  it('caps streams overall, across accounts, and frees a slot when a stream is released', () => {
    const hub = new LiveHub(
      { load: async () => undefined, validSignins: async () => new Set() },
      { perStaff: 10, overall: 2, pollMs: 1_000 },
    );
    const a = hub.reserve({ staffId: 'a', sessionId: 's1', version: 0 });
    hub.reserve({ staffId: 'b', sessionId: 's2', version: 0 });
    expect(() => hub.reserve({ staffId: 'c', sessionId: 's3', version: 0 })).toThrow(/ausgelastet/);
    a.release();
    a.release();
    expect(hub.stats().streams).toBe(1);
    expect(() => hub.reserve({ staffId: 'c', sessionId: 's3', version: 0 })).not.toThrow();
    hub.closeAll();
    expect(hub.stats()).toMatchObject({ streams: 0, channels: 0 });
  });
});
