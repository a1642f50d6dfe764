import type { ReportItemInfo } from '@uwe/schema';

/** A number that colours the map: one share or one mean of every Sozialraum. */
export interface Indicator {
  id: string;
  group: string;
  label: string;
  item: string;
  statistic: 'pct' | 'mean';
  /** pct: the category whose exact share is shown. */
  code: string;
  decimals: 0 | 1;
}

export const DEFAULT_INDICATOR = 'index.wellbeing|pct|thriving';

/** The map's choices for a release's catalogue: indices first, then assets and scales. */
export function indicators(items: readonly ReportItemInfo[]): Indicator[] {
  const out: Indicator[] = [];
  const pct = (group: string, item: ReportItemInfo, code: string, label: string) =>
    out.push({ id: `${item.id}|pct|${code}`, group, label, item: item.id, statistic: 'pct', code, decimals: 0 });
  const mean = (group: string, item: ReportItemInfo, label: string) =>
    out.push({ id: `${item.id}|mean|`, group, label, item: item.id, statistic: 'mean', code: '', decimals: 1 });
  for (const item of items) {
    if (item.id === 'index.wellbeing') {
      pct('Wohlbefindensindex', item, 'thriving', 'Anteil aufblühend');
      pct('Wohlbefindensindex', item, 'medium', 'Anteil mittleres Wohlbefinden');
      pct('Wohlbefindensindex', item, 'low', 'Anteil niedriges Wohlbefinden');
    } else if (item.id === 'index.assets') {
      pct('Ressourcenindex', item, '4-7', 'Anteil mit 4 und mehr Ressourcen');
      pct('Ressourcenindex', item, '0-1', 'Anteil mit 0–1 Ressourcen');
      mean('Ressourcenindex', item, 'Durchschnittliche Zahl der Ressourcen');
    } else if (item.kind === 'asset') {
      pct('Einzelne Ressourcen (Anteil der Kinder, die sie haben)', item, '1', item.label);
    } else if (item.kind === 'scale') {
      mean('Skalen: Mittelwert (1–5)', item, item.label);
    }
  }
  for (const item of items) {
    if (item.kind === 'scale') pct('Skalen: Anteil „hoch“', item, 'high', item.label);
  }
  return out;
}
