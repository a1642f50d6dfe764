import { DIMENSION_LABELS, type ReportItemInfo, type ReportLevel } from '@uwe/schema';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { reportQueries } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useCombined } from '../staff/query.ts';
import { BarChart, type BarRowData } from './Bars.tsx';
import { BREAKDOWN_LABELS, type Breakdown, CellIndex, type GroupRef, groupLabel, LEVEL_LABELS } from './cells.ts';
import type { Ready } from './context.ts';

const KIND_GROUPS: { kind: ReportItemInfo['kind']; label: string }[] = [
  { kind: 'index', label: 'Indizes' },
  { kind: 'asset', label: 'Ressourcen' },
  { kind: 'scale', label: 'Skalen' },
  { kind: 'item', label: 'Einzelfragen' },
  { kind: 'choice', label: 'Mehrfachauswahl (genannt / nicht genannt)' },
];

const DIMENSION_ORDER = Object.keys(DIMENSION_LABELS);

/** One item (index, scale, question) for every unit of a level as stacked bars, optionally by grade or gender. */
export function ItemsPage({ ctx }: { ctx: Ready }) {
  const { wave, release, catalogue, items } = ctx;
  const [params, setParams] = useSearchParams();
  const item = items.get(params.get('frage') ?? '') ?? catalogue.items[0]!;
  const level =
    (['city', 'sozialraum', 'school'] as ReportLevel[]).find((l) => l === params.get('ebene')) ?? 'sozialraum';
  const asked = (['none', 'grade', 'gender'] as Breakdown[]).find((b) => b === params.get('aufteilung')) ?? 'none';
  const dimensions = useMemo(
    () =>
      [...new Set(catalogue.items.map((i) => i.dimension))].sort(
        (a, b) => rank(DIMENSION_ORDER.indexOf(a)) - rank(DIMENSION_ORDER.indexOf(b)),
      ),
    [catalogue.items],
  );
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: true });
  };

  const data = useCombined(['items-page', wave.id, release, item.id, level], (q) =>
    Promise.all([
      q.ensureQueryData(reportQueries.item(wave.id, item.id, level, release)),
      level === 'city' ? null : q.ensureQueryData(reportQueries.item(wave.id, item.id, 'city', release)),
    ]).then(([cells, city]) => ({ index: new CellIndex(cells.cells), city: city && new CellIndex(city.cells) })),
  );
  const available = useMemo(
    () => new Set<Breakdown>(['none', ...(data.data?.index.cells.map((c) => c.breakdown) ?? [])]),
    [data.data],
  );
  const breakdown = available.has(asked) ? asked : 'none';

  const rows = useMemo(() => {
    if (!data.data) return [];
    const out: BarRowData[] = [];
    const push = (index: CellIndex, ref: GroupRef, name: string, emphasis: boolean) =>
      out.push({
        key: `${ref.level}|${ref.unitId}|${ref.breakdown}|${ref.group}`,
        label: name,
        name,
        pcts: index.pct(ref, item.id),
        n: index.get(ref, item.id, 'n'),
        mean: index.get(ref, item.id, 'mean'),
        emphasis,
      });
    const { index, city } = data.data;
    if (city) push(city, { level: 'city', unitId: 'city', breakdown: 'none', group: 'all' }, 'Gesamtstadt', true);
    for (const u of catalogue.units.filter((x) => x.level === level)) {
      if (breakdown === 'none') {
        push(index, { level, unitId: u.id, breakdown, group: 'all' }, u.name, level === 'city');
        continue;
      }
      const groups = index.groups(level, u.id, breakdown);
      if (groups.length === 0) push(index, { level, unitId: u.id, breakdown, group: '-' }, u.name, false);
      for (const g of groups) {
        push(index, { level, unitId: u.id, breakdown, group: g }, `${u.name} · ${groupLabel(breakdown, g)}`, false);
      }
    }
    return out;
  }, [data.data, catalogue.units, level, breakdown, item.id]);

  return (
    <>
      <h2>Fragen und Aufteilungen</h2>
      <p className="lead">
        Wählen Sie einen Themenbereich und eine Frage, Skala oder einen Index: Die Balken zeigen, wie sich die Antworten
        in jeder Einheit verteilen. Einheiten stehen in alphabetischer Reihenfolge.
      </p>
      <div className="filters">
        <label>
          Themenbereich
          <select
            value={item.dimension}
            onChange={(e) => {
              const first = catalogue.items.find((i) => i.dimension === e.target.value);
              if (first) update({ frage: first.id });
            }}
          >
            {dimensions.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABELS[d] ?? d}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Frage, Skala oder Index
          <select value={item.id} onChange={(e) => update({ frage: e.target.value })}>
            {KIND_GROUPS.map((g) => {
              const list = catalogue.items.filter((i) => i.dimension === item.dimension && i.kind === g.kind);
              return list.length === 0 ? null : (
                <optgroup key={g.kind} label={g.label}>
                  {list.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.label}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </label>
        <label>
          Ebene
          <select value={level} onChange={(e) => update({ ebene: e.target.value })}>
            {(['city', 'sozialraum', 'school'] as ReportLevel[]).map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABELS[l]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Aufteilung
          <select value={breakdown} onChange={(e) => update({ aufteilung: e.target.value })}>
            {(['none', 'grade', 'gender'] as Breakdown[])
              .filter((b) => available.has(b))
              .map((b) => (
                <option key={b} value={b}>
                  {BREAKDOWN_LABELS[b]}
                </option>
              ))}
          </select>
        </label>
      </div>
      {asked !== breakdown && data.data && (
        <p className="hint" role="status">
          Für diese Auswahl enthält die Freigabe keine Aufteilung {BREAKDOWN_LABELS[asked]}.
        </p>
      )}
      <ErrorAlert>{data.error}</ErrorAlert>
      {data.loading && !data.data && <p className="loading">Wird geladen …</p>}
      {data.data && (
        <BarChart
          item={item}
          rows={rows}
          title={`${item.label} – ${LEVEL_LABELS[level]}${breakdown !== 'none' ? `, ${BREAKDOWN_LABELS[breakdown]}` : ''}`}
          caption={
            <>
              <strong>{item.label}</strong> – {LEVEL_LABELS[level]}
              {breakdown !== 'none' && `, ${BREAKDOWN_LABELS[breakdown]}`}
              {item.mean && ` (Mittelwert: ${item.mean.min} bis ${item.mean.max})`}
            </>
          }
        />
      )}
    </>
  );
}

const rank = (i: number) => (i < 0 ? 99 : i);
