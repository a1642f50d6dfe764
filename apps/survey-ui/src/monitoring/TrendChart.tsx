import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import { formatValue } from './cells.ts';
import type { Trend } from './trends.ts';

/** Line colours: dark blue for the first unit (the city), orange for the second; distinct in greyscale too. */
export const TREND_COLORS = ['#1d4f91', '#c2410c', '#4d7c0f'];

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
}

/**
 * The line chart of one indicator across waves (recharts, loaded only on staff pages). Gaps stay
 * gaps; a point whose change from the previous wave is clear ("deutlich") gets a ring around it.
 * Fixed size and no animation, so the SVG a user downloads is the chart as shown.
 */
export default function TrendChart({
  trend,
  width = 560,
  height = 260,
}: {
  trend: Trend;
  width?: number;
  height?: number;
}) {
  const { indicator } = trend;
  const data = trend.waves.map((w, i) => {
    const row: Record<string, string | number | null> = { wave: w.name };
    trend.series.forEach((s, j) => {
      row[`s${j}`] = s.points[i]?.value ?? null;
    });
    return row;
  });
  const pct = indicator.statistic === 'pct';
  return (
    <LineChart
      width={width}
      height={height}
      data={data}
      margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke="#ddd" strokeDasharray="3 3" />
      <XAxis dataKey="wave" tick={{ fontSize: 12, fill: '#333' }} padding={{ left: 24, right: 24 }} />
      <YAxis
        domain={pct ? [0, 100] : ['auto', 'auto']}
        tick={{ fontSize: 12, fill: '#333' }}
        tickFormatter={(v: number) => (pct ? `${v} %` : v.toLocaleString('de-DE'))}
        width={52}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {trend.series.map((s, j) => (
        <Line
          key={s.label}
          dataKey={`s${j}`}
          name={s.label}
          stroke={TREND_COLORS[j % TREND_COLORS.length]}
          strokeWidth={2}
          isAnimationActive={false}
          connectNulls={false}
          label={{
            position: 'top',
            fontSize: 11,
            fill: '#333',
            formatter: (v: unknown) => (typeof v === 'number' ? formatValue(indicator.statistic, v) : ''),
          }}
          dot={(props: DotProps) => {
            const { cx, cy, index = 0 } = props;
            const point = s.points[index];
            const key = `${s.label}|${point?.waveId ?? 'none'}`;
            if (cx == null || cy == null || point?.value == null) return <g key={key} />;
            const color = TREND_COLORS[j % TREND_COLORS.length];
            const clear = point.change?.clear === true;
            return (
              <g key={key} className={clear ? 'trend-dot trend-dot-clear' : 'trend-dot'}>
                <circle cx={cx} cy={cy} r={4} fill={color} />
                {clear && <circle cx={cx} cy={cy} r={8} fill="none" stroke={color} strokeWidth={2} />}
              </g>
            );
          }}
        />
      ))}
    </LineChart>
  );
}
