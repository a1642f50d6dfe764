import { lazy, Suspense, useRef } from 'react';
import { ChartDownloads } from './ChartDownloads.tsx';
import { formatChange, formatValue, NO_DATA } from './cells.ts';
import { standaloneSvg } from './download.ts';
import type { Trend, TrendPoint } from './trends.ts';
import { TableScroll } from './Values.tsx';

// recharts is loaded only where a trend is shown, never by the pupil pages.
const TrendChart = lazy(() => import('./TrendChart.tsx'));

function changeText(p: TrendPoint, statistic: 'pct' | 'mean'): string {
  if (!p.change) return '–';
  return `${formatChange(statistic, p.change.change)} (${p.change.clear ? 'deutlich' : 'nicht deutlich'})`;
}

/**
 * One indicator across waves as a line chart, with a table beside it holding the same numbers, the
 * number of answers and each change ("deutlich" only where its 95 % interval excludes zero).
 */
export function TrendFigure({ trend, title }: { trend: Trend; title: string }) {
  const { indicator } = trend;
  const several = trend.waves.length > 1;
  const chart = useRef<HTMLDivElement>(null);
  return (
    <figure className="trend-figure keep-together" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ChartDownloads
        title={title}
        svg={() => {
          const svg = chart.current?.querySelector<SVGSVGElement>('.recharts-wrapper > svg');
          return svg ? standaloneSvg(svg, title) : null;
        }}
      />
      <div className="trend-layout">
        <div
          ref={chart}
          className="trend-chart"
          role="img"
          aria-label={`Liniendiagramm: ${title}. Dieselben Zahlen stehen in der Tabelle daneben.`}
        >
          <Suspense fallback={<p className="loading">Diagramm wird geladen …</p>}>
            <TrendChart trend={trend} />
          </Suspense>
        </div>
        <TableScroll label={`Zahlen zu: ${title}`}>
          <table className="compact trend-table">
            <caption className="visually-hidden">Zahlen zu: {title}</caption>
            <thead>
              <tr>
                <th scope="col">Befragungsrunde</th>
                {trend.series.map((s) => (
                  <th scope="col" key={s.label} className="num">
                    {s.label}
                  </th>
                ))}
                {several &&
                  trend.series.map((s) => (
                    <th scope="col" key={`c-${s.label}`} className="num">
                      Veränderung {s.label}
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {trend.waves.map((w, i) => (
                <tr key={w.waveId}>
                  <th scope="row">{w.name}</th>
                  {trend.series.map((s) => {
                    const p = s.points[i];
                    return (
                      <td key={s.label} className={p?.value == null ? 'num missing' : 'num'}>
                        {p?.value == null ? NO_DATA : formatValue(indicator.statistic, p.value)}
                        {p?.n != null && <span className="hint"> (n = {p.n.toLocaleString('de-DE')})</span>}
                      </td>
                    );
                  })}
                  {several &&
                    trend.series.map((s) => {
                      const p = s.points[i];
                      return (
                        <td key={`c-${s.label}`} className={p?.change?.clear ? 'num change-clear' : 'num'}>
                          {p ? changeText(p, indicator.statistic) : '–'}
                        </td>
                      );
                    })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <p className="hint">
        Ein Ring um einen Punkt: deutliche Veränderung zur Vorrunde (das 95-%-Intervall der Differenz schließt die Null
        aus). Lücken: keine Angabe in dieser Runde.
      </p>
    </figure>
  );
}
