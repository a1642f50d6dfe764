import type { Comparison, ReportItemInfo, ReportLevel } from '@uwe/schema';
import { ComparisonTable } from '../ComparisonPage.tsx';
import { indicators } from '../indicators.ts';
import { TrendFigure } from '../Trends.tsx';
import { hasValues, trendOf } from '../trends.ts';

/** The indicators a city or Sozialraum report draws across waves; every number also stands in the table. */
const CHARTED = [
  'index.wellbeing|pct|thriving',
  'index.wellbeing|pct|low',
  'index.assets|pct|4-7',
  'index.assets|pct|0-1',
];

/**
 * The unit's indices and scales across the waves of its instrument family: line charts of the main
 * indicators (city and Sozialraum reports; a Sozialraum beside the city), then the full table.
 */
export function TrendsSection({
  number,
  level,
  comparison,
  cityComparison,
  items,
  unitName,
}: {
  number: number;
  level: ReportLevel;
  comparison: Comparison | null;
  /** The city's, to draw beside a Sozialraum. */
  cityComparison: Comparison | null;
  items: Map<string, ReportItemInfo>;
  unitName: string;
}) {
  const several = (comparison?.waves.length ?? 0) > 1;
  const charted =
    comparison && several && level !== 'school'
      ? indicators([...items.values()])
          .filter((i) => CHARTED.includes(i.id))
          .map((indicator) =>
            trendOf(indicator, [
              ...(level === 'sozialraum' && cityComparison
                ? [{ label: 'Gesamtstadt', comparison: cityComparison }]
                : []),
              { label: unitName, comparison },
            ]),
          )
          .filter(hasValues)
      : [];
  return (
    <section className="report-section" aria-labelledby="r-vergleich">
      <h2 id="r-vergleich">{number}. Vergleich mit früheren Befragungsrunden</h2>
      {charted.map((t) => (
        <TrendFigure
          key={t.indicator.id}
          trend={t}
          title={`Entwicklung: ${t.indicator.group} – ${t.indicator.label}`}
        />
      ))}
      {comparison ? (
        <ComparisonTable
          comparison={comparison}
          items={items}
          caption={`Indizes und Skalen im Zeitvergleich: ${unitName}`}
          onlyWithEarlier
        />
      ) : (
        <p>Der Zeitvergleich konnte nicht geladen werden.</p>
      )}
    </section>
  );
}
