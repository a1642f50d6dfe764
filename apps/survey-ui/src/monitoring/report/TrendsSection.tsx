import type { Comparison, ReportItemInfo } from '@uwe/schema';
import { ComparisonTable } from '../ComparisonPage.tsx';

/** The unit's indices and scales across the waves of its instrument family. */
export function TrendsSection({
  number,
  comparison,
  items,
  unitName,
}: {
  number: number;
  comparison: Comparison | null;
  items: Map<string, ReportItemInfo>;
  unitName: string;
}) {
  return (
    <section className="report-section" aria-labelledby="r-vergleich">
      <h2 id="r-vergleich">{number}. Vergleich mit früheren Befragungsrunden</h2>
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
