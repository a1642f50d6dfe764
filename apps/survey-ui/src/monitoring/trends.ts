import type { Comparison } from '@uwe/schema';
import type { Indicator } from './indicators.ts';

export interface TrendPoint {
  waveId: string;
  wave: string;
  /** As published; null where the release did not publish it ("keine Angabe"). */
  value: number | null;
  n: number | null;
  /** Change from the previous wave with its 95 % interval (API, computed on published numbers). */
  change: Comparison['rows'][number]['changes'][number];
}

export interface TrendSeries {
  label: string;
  points: TrendPoint[];
}

export interface Trend {
  indicator: Indicator;
  waves: { waveId: string; name: string }[];
  series: TrendSeries[];
}

/**
 * One indicator across the waves, one series per unit (the city, a Sozialraum). Waves come from
 * the first comparison; a unit without the number in a wave has a gap there, never an estimate.
 */
export function trendOf(indicator: Indicator, units: { label: string; comparison: Comparison }[]): Trend {
  const waves = units[0]?.comparison.waves.map((w) => ({ waveId: w.waveId, name: w.name })) ?? [];
  const series = units.map(({ label, comparison }) => {
    const row = comparison.rows.find(
      (r) =>
        r.item === indicator.item &&
        r.statistic === indicator.statistic &&
        (indicator.statistic === 'mean' || r.category === indicator.code),
    );
    const at = new Map(comparison.waves.map((w, i) => [w.waveId, i]));
    return {
      label,
      points: waves.map((w) => {
        const i = at.get(w.waveId);
        return {
          waveId: w.waveId,
          wave: w.name,
          value: row && i !== undefined ? (row.values[i] ?? null) : null,
          n: row && i !== undefined ? (row.n[i] ?? null) : null,
          change: row && i !== undefined ? (row.changes[i] ?? null) : null,
        };
      }),
    };
  });
  return { indicator, waves, series };
}

/** Whether any series has at least one published value (else the chart would be empty). */
export const hasValues = (t: Trend) => t.series.some((s) => s.points.some((p) => p.value !== null));
