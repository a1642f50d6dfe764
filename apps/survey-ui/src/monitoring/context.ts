import type { ReportCatalogue, ReportItemInfo, ReportWave } from '@uwe/schema';
import { createContext, useContext } from 'react';

/** The wave the monitoring pages show, its release and what labels its numbers. */
export interface MonitoringState {
  waves: ReportWave[];
  /** Selected wave with a ready release; undefined while loading or when there is none. */
  wave: ReportWave | undefined;
  /** Release number every request of the pages asks for, so all of them read the same frozen numbers. */
  release: number;
  catalogue: ReportCatalogue | undefined;
  items: Map<string, ReportItemInfo>;
  loading: boolean;
  error: string | null;
  isAdmin: boolean;
  /** A monitoring path that keeps the selected wave. */
  link: (path: string) => string;
}

export const MonitoringContext = createContext<MonitoringState | null>(null);

export function useMonitoring(): MonitoringState {
  const ctx = useContext(MonitoringContext);
  if (!ctx) throw new Error('useMonitoring outside MonitoringArea');
  return ctx;
}

/** The state of a page that needs a release (the `Released` wrapper renders only then). */
export type Ready = MonitoringState & { wave: ReportWave; catalogue: ReportCatalogue };
