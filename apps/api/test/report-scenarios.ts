/**
 * Report scenarios built the way real data arrives: admins create the city through the API,
 * classes open sessions, children join with the code and send their answers over HTTP.
 */
import { exampleResponse, type Grade, getBuiltinInstrument } from '@uwe/schema';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { App } from '../src/app.ts';
import { asAdmin } from './helpers.ts';

export const instrument = getBuiltinInstrument('uwe-2026')!;

/** Deterministic random numbers for answers. */
export function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

export type Answers = Record<string, unknown>;

/** A plausible full response; `override` fixes single answers (gender, an item everyone agrees on …). */
export function answersFor(grade: Grade, rand: () => number, override: Answers = {}): Answers {
  const a: Answers = exampleResponse(instrument, grade, (n) => Math.floor(rand() * n));
  return { ...a, ...override };
}

export interface ChildSpec {
  grade: Grade;
  answers: Answers;
}

export async function reportCity(app: App) {
  const admin = await asAdmin(app);
  const inject = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { cookie: admin.cookie } });

  /**
   * One class: a session at the school, each child joins with the code and finishes. `partial`
   * children join and answer but never press "Fertig"; `close` closes the session afterwards.
   */
  async function surveyClass(
    waveId: string,
    schoolId: string,
    children: ChildSpec[],
    classLabel = 'Klasse 7x',
    options: { enrolled?: number; partial?: ChildSpec[]; close?: boolean } = {},
  ) {
    const all = [...children, ...(options.partial ?? [])];
    const unfinished = new Set(options.partial ?? []);
    for (let start = 0; start < all.length; start += 40) {
      const part = all.slice(start, start + 40);
      const grade = part[0]!.grade;
      const res = await inject('POST', '/api/sessions', {
        waveId,
        schoolId,
        grade,
        classLabel: start === 0 ? classLabel : `${classLabel} (${start / 40 + 1})`,
        expectedPupils: part.length,
        ...(options.enrolled !== undefined && start === 0
          ? { enrolledPupils: Math.max(options.enrolled, part.length) }
          : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      const { code, id } = res.json() as { code: string; id: string };
      for (const child of part) {
        expect(child.grade).toBe(grade);
        const join = await app.inject({ method: 'POST', url: '/api/pupil/join', payload: { code } });
        expect(join.statusCode, join.body).toBe(201);
        const { token } = join.json() as { token: string };
        const save = await app.inject({
          method: 'PUT',
          url: '/api/pupil/response',
          headers: { authorization: `Bearer ${token}` },
          payload: { answers: child.answers, language: 'de', page: 20, revision: 1, complete: !unfinished.has(child) },
        });
        expect(save.statusCode, save.body).toBe(200);
      }
      if (options.close) {
        const closed = await inject('POST', `/api/sessions/${id}/close`);
        expect(closed.statusCode, closed.body).toBe(200);
      }
    }
  }

  async function release(waveId: string, options: { makeCurrent?: boolean } = {}) {
    const query = options.makeCurrent === false ? '?makeCurrent=false' : '';
    const res = await inject('POST', `/api/reports/waves/${waveId}/releases${query}`);
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json() as { number: number; status: string };
    expect(started.status).toBe('building');
    return waitForRelease(waveId, started.number);
  }

  async function waitForRelease(waveId: string, number: number) {
    for (let i = 0; i < 600; i++) {
      const res = await inject('GET', `/api/reports/waves/${waveId}/releases/${number}`);
      const r = res.json() as { status: string; number: number; error: string | null; progress: number };
      if (r.status !== 'building') {
        expect(r.error).toBeNull();
        expect(r.status).toBe('ready');
        return r;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('release did not finish');
  }

  return { admin, inject, surveyClass, release, waitForRelease };
}

export interface CsvRow {
  level: string;
  unit_id: string;
  unit_name: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  category: string;
  value: number | null;
  flag: string;
}

/** Parses the export with csv-parse (the library the school import uses) into typed rows. */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const [header, ...body] = parse(text) as string[][];
  const rows = body.map((r) => {
    const o = Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])) as Record<string, string>;
    return { ...o, value: o.value === '' ? null : Number(o.value) } as unknown as CsvRow;
  });
  return { header: header!, rows };
}

/** Answers with discrimination experienced (and, from grade 7, its follow-ups). */
export function withDiscrimination(a: Answers, grade: Grade): void {
  a.disc_experienced = 1;
  if (grade >= 7) {
    a.disc_reason = ['origin'];
    a.disc_where = ['school'];
  }
}

export function withoutDiscrimination(a: Answers): void {
  a.disc_experienced = 0;
  delete a.disc_reason;
  delete a.disc_where;
}

/** "Nichts davon" after school: the follow-up about activity days is not asked. */
export function withNoActivity(a: Answers): void {
  a.activities = ['none'];
  delete a.activity_days;
}

export function withActivity(a: Answers): void {
  a.activities = ['sport'];
  a.activity_days = 2;
}
