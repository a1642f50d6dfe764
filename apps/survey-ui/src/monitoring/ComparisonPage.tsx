import type { Comparison, ReportItemInfo, ReportLevel } from '@uwe/schema';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { reportQueries } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useCombined } from '../staff/query.ts';
import { categoryLabel, formatChange, formatValue, LEVEL_LABELS, NO_DATA } from './cells.ts';
import type { Ready } from './context.ts';
import { DEFAULT_INDICATOR, indicators } from './indicators.ts';
import { TrendFigure } from './Trends.tsx';
import { trendOf } from './trends.ts';
import { TableScroll, Value } from './Values.tsx';

/** Indices and scales of one unit in this wave and the earlier waves that have a release. */
export function ComparisonPage({ ctx }: { ctx: Ready }) {
  const { wave, catalogue, items, link } = ctx;
  const [params, setParams] = useSearchParams();
  const [askedLevel, askedId] = (params.get('einheit') ?? 'city:city').split(':');
  const unit =
    catalogue.units.find((u) => u.level === askedLevel && u.id === askedId) ??
    catalogue.units.find((u) => u.level === 'city')!;
  const data = useCombined(
    ['comparison-page', wave.id, unit.level, unit.id],
    (q) =>
      Promise.all([
        q.fetchQuery(reportQueries.comparison(wave.id, unit.level, unit.id)),
        unit.level === 'city' ? null : q.fetchQuery(reportQueries.comparison(wave.id, 'city', 'city')),
      ]),
    { staleTime: 60_000 },
  );
  const choices = useMemo(() => indicators(catalogue.items), [catalogue.items]);
  const indicator = choices.find((c) => c.id === (params.get('kennzahl') ?? DEFAULT_INDICATOR)) ?? choices[0];
  const trend = useMemo(() => {
    if (!data.data || !indicator) return null;
    const [own, city] = data.data;
    return trendOf(indicator, [
      ...(city ? [{ label: 'Gesamtstadt', comparison: city }] : []),
      { label: unit.name, comparison: own },
    ]);
  }, [data.data, indicator, unit.name]);

  return (
    <>
      <h2>Zeitvergleich</h2>
      <p className="lead">
        Indizes und Skalen einer Einheit in dieser und in früheren Befragungsrunden desselben Fragebogens. Eine
        Veränderung steht nur dort, wo beide Runden die Zahl veröffentlicht haben; „deutlich“ heißt sie nur, wenn sie
        größer ist, als Zufall und der Schutz der Zahlen allein erklären (siehe Methoden).
      </p>
      <div className="filters">
        <label className="wide">
          Einheit
          <select
            value={`${unit.level}:${unit.id}`}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('einheit', e.target.value);
              setParams(next, { replace: true });
            }}
          >
            {(['city', 'sozialraum', 'school'] as ReportLevel[]).map((level) => (
              <optgroup key={level} label={LEVEL_LABELS[level]}>
                {catalogue.units
                  .filter((u) => u.level === level)
                  .map((u) => (
                    <option key={u.id} value={`${u.level}:${u.id}`}>
                      {u.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="wide">
          Kennzahl im Diagramm
          <select
            value={indicator?.id ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('kennzahl', e.target.value);
              setParams(next, { replace: true });
            }}
          >
            {[...new Set(choices.map((c) => c.group))].map((g) => (
              <optgroup key={g} label={g}>
                {choices
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
      </div>
      {unit.level !== 'city' && (
        <p>
          <Link to={link(`/monitoring/bericht/${unit.level}/${unit.id}`)}>Bericht für {unit.name} öffnen</Link>
        </p>
      )}
      <ErrorAlert>{data.error}</ErrorAlert>
      {data.loading && !data.data && <p className="loading">Wird geladen …</p>}
      {trend && indicator && (
        <TrendFigure
          trend={trend}
          title={`Entwicklung: ${indicator.group} – ${indicator.label}${unit.level === 'city' ? '' : `, ${unit.name} und Gesamtstadt`}`}
        />
      )}
      {data.data && <ComparisonTable comparison={data.data[0]} items={items} caption={`Zeitvergleich: ${unit.name}`} />}
    </>
  );
}

export function ComparisonTable({
  comparison,
  items,
  caption,
  onlyWithEarlier = false,
}: {
  comparison: Comparison;
  items: Map<string, ReportItemInfo>;
  caption: string;
  /** Leave the table out while there is no earlier wave (the report shows this wave's numbers already). */
  onlyWithEarlier?: boolean;
}) {
  const { waves, rows } = comparison;
  const several = waves.length > 1;
  if (!several && onlyWithEarlier) {
    return (
      <p>
        Es gibt noch keine frühere Befragungsrunde mit Freigabe. Ein Vergleich ist ab der zweiten Befragungsrunde
        möglich.
      </p>
    );
  }
  const byItem = new Map<string, Comparison['rows']>();
  for (const r of rows) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  return (
    <>
      {!several && (
        <p className="alert alert-info">
          Es gibt noch keine frühere Befragungsrunde mit Freigabe. Ein Vergleich ist ab der zweiten Runde möglich; bis
          dahin stehen hier die Zahlen dieser Runde.
        </p>
      )}
      {rows.length === 0 ? (
        <p>Für diese Einheit enthält die Freigabe keine Indizes oder Skalen.</p>
      ) : (
        <TableScroll label={caption}>
          <table className="compact comparison">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Kennzahl</th>
                {waves.map((w) => (
                  <th scope="col" key={w.waveId} className="num">
                    {w.name}
                  </th>
                ))}
                {several && (
                  <th scope="col" className="num">
                    Veränderung zur Vorrunde
                  </th>
                )}
              </tr>
            </thead>
            {[...byItem].map(([itemId, list]) => {
              const item = items.get(itemId);
              return (
                <tbody key={itemId}>
                  <tr className="rowgroup">
                    <th scope="rowgroup" colSpan={waves.length + (several ? 2 : 1)}>
                      {item?.label ?? itemId}
                    </th>
                  </tr>
                  {list.map((r) => (
                    <tr key={`${r.statistic}|${r.category}`}>
                      <th scope="row" className="sub">
                        {r.statistic === 'mean' ? 'Mittelwert' : `Anteil ${categoryLabel(item, r.category)}`}
                      </th>
                      {r.values.map((v, i) => (
                        <td key={waves[i]!.waveId} className={v === null ? 'num missing' : 'num'}>
                          {v === null ? <Value cell={undefined} /> : formatValue(r.statistic, v)}
                        </td>
                      ))}
                      {several && <ChangeTd row={r} />}
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </TableScroll>
      )}
    </>
  );
}

/** The change to the previous wave, marked "deutlich" only where its 95 % interval excludes zero. */
function ChangeTd({ row }: { row: Comparison['rows'][number] }) {
  if (row.change === null) return <td className="num">{NO_DATA}</td>;
  const test = row.changes[row.changes.length - 1];
  return (
    <td className={test?.clear ? 'num change-clear' : 'num'}>
      {formatChange(row.statistic, row.change)}
      {test && <span className="change-test">{test.clear ? ' deutlich' : ' nicht deutlich'}</span>}
    </td>
  );
}
