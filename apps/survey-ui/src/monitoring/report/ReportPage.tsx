import type { Comparison, ReportLevel, ReportUnit } from '@uwe/schema';
import { Fragment, useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { reportQueries } from '../../api/reports.ts';
import { ErrorAlert } from '../../staff/Feedback.tsx';
import { formatDateTime } from '../../staff/format.ts';
import { useCombined } from '../../staff/query.ts';
import { CellIndex } from '../cells.ts';
import { type Ready, useMonitoring } from '../context.ts';
import { FootnoteContext, Footnotes } from '../Values.tsx';
import { DimensionsSection } from './DimensionsSection.tsx';
import { IndicesSection } from './IndicesSection.tsx';
import { ItemsSection } from './ItemsSection.tsx';
import { MethodsSection } from './MethodsSection.tsx';
import { ParticipationSection } from './ParticipationSection.tsx';
import { SozialraeumeSection } from './SozialraeumeSection.tsx';
import { TrendsSection } from './TrendsSection.tsx';

const TITLES: Record<ReportLevel, string> = {
  city: 'Stadtbericht',
  school: 'Schulbericht',
  sozialraum: 'Sozialraumbericht',
};

const isLevel = (v: string | undefined): v is ReportLevel => v === 'city' || v === 'school' || v === 'sozialraum';

/** The printable report of the city, a Sozialraum or a school, in the order city staff read it. */
export function ReportPage() {
  const ctx = useMonitoring();
  const { level, unitId } = useParams();
  if (!isLevel(level)) return <p role="alert">Diesen Bericht gibt es nicht.</p>;
  if (ctx.error) return <ErrorAlert>{ctx.error}</ErrorAlert>;
  if (!ctx.wave) {
    return ctx.loading ? (
      <p className="loading">Wird geladen …</p>
    ) : (
      <p className="alert alert-info">Für keine Befragungsrunde gibt es bisher eine Freigabe.</p>
    );
  }
  if (!ctx.catalogue) return <p className="loading">Wird geladen …</p>;
  const unit = ctx.catalogue.units.find((u) => u.level === level && u.id === unitId);
  if (!unit) return <p role="alert">Diese Einheit gibt es in der Freigabe nicht.</p>;
  return <Report ctx={ctx as Ready} level={level} unit={unit} />;
}

function Report({ ctx, level, unit }: { ctx: Ready; level: ReportLevel; unit: ReportUnit }) {
  const { wave, release, catalogue, items, link } = ctx;
  const [params] = useSearchParams();
  // A Sozialraum report by where the children live (issue 19); trends exist by school location only.
  const byResidence = level === 'sozialraum' && params.get('geografie') === 'wohnort';
  const geography = byResidence ? 'residence' : 'school_location';
  const data = useCombined(
    ['report-page', wave.id, release, level, unit.id, geography],
    (q) =>
      Promise.all([
        q.ensureQueryData(reportQueries.unit(wave.id, level, unit.id, release, geography)),
        q.ensureQueryData(reportQueries.overview(wave.id, 'city', release)),
        // The city report shows the Sozialräume on a map and in a table.
        level === 'city' ? q.ensureQueryData(reportQueries.overview(wave.id, 'sozialraum', release)) : { cells: [] },
        byResidence
          ? null
          : q.fetchQuery(reportQueries.comparison(wave.id, level, unit.id)).catch((): Comparison | null => null),
        // A Sozialraum's trend is drawn beside the city's.
        level === 'sozialraum'
          ? q.fetchQuery(reportQueries.comparison(wave.id, 'city', 'city')).catch((): Comparison | null => null)
          : null,
      ]).then(([own, city, sozialraeume, comparison, cityComparison]) => ({
        index: new CellIndex(own.cells),
        city: new CellIndex(city.cells),
        sozialraeume: new CellIndex(sozialraeume.cells),
        comparison,
        cityComparison,
      })),
    { staleTime: 60_000 },
  );
  const title =
    level === 'city' ? TITLES.city : `${TITLES[level]}${byResidence ? ' (nach Wohnort)' : ''}: ${unit.name}`;
  useEffect(() => {
    const before = document.title;
    document.title = `${title} – ${wave.name}`;
    return () => {
      document.title = before;
    };
  }, [title, wave.name]);

  const sozialraum = catalogue.units.find((u) => u.level === 'sozialraum' && u.id === unit.sozialraumId);
  const schools = level === 'sozialraum' ? catalogue.units.filter((u) => u.sozialraumId === unit.id) : [];
  const finished = catalogue.release.finishedAt ?? catalogue.release.createdAt;
  const catalogueItems = catalogue.items;

  return (
    <FootnoteContext.Provider value={true}>
      <article className="report">
        <div className="no-print report-actions">
          <Link to={link('/monitoring')}>← Zur Übersicht</Link>
          <button type="button" onClick={() => window.print()}>
            Drucken / als PDF speichern
          </button>
        </div>
        <header className="report-head">
          <p className="report-kicker">Wie geht’s dir? UWE · Bildungsmonitoring</p>
          <h1>{title}</h1>
          <p>
            Befragungsrunde {wave.name} · Freigabe {release} vom {formatDateTime(finished)}
            {sozialraum && (
              <>
                {' '}
                · Sozialraum <Link to={link(`/monitoring/bericht/sozialraum/${sozialraum.id}`)}>{sozialraum.name}</Link>
              </>
            )}
          </p>
          {schools.length > 0 && (
            <p>
              Schulen in diesem Sozialraum:{' '}
              {schools.map((s, i) => (
                <Fragment key={s.id}>
                  {i > 0 && ', '}
                  <Link to={link(`/monitoring/bericht/school/${s.id}`)}>{s.name}</Link>
                </Fragment>
              ))}
            </p>
          )}
        </header>
        <ErrorAlert>{data.error}</ErrorAlert>
        {data.loading && !data.data && <p className="loading">Wird geladen …</p>}
        {data.data && (
          <>
            <ParticipationSection number={1} {...data.data} level={level} unit={unit} />
            <IndicesSection number={2} {...data.data} level={level} unit={unit} items={items} />
            <DimensionsSection number={3} {...data.data} level={level} unit={unit} items={catalogueItems} />
            {level === 'city' ? (
              <>
                <SozialraeumeSection number={4} ctx={ctx} index={data.data.sozialraeume} city={data.data.city} />
                <TrendsSection number={5} level={level} {...data.data} items={items} unitName={unit.name} />
                <MethodsSection
                  number={6}
                  maxDeviation={catalogue.disclosure.maxDeviation}
                  methodsLink={link('/monitoring/methoden')}
                />
              </>
            ) : (
              <>
                <ItemsSection number={4} {...data.data} level={level} unit={unit} items={catalogueItems} />
                <TrendsSection number={5} level={level} {...data.data} items={items} unitName={unit.name} />
              </>
            )}
            <Footnotes maxDeviation={catalogue.disclosure.maxDeviation} />
          </>
        )}
        <footer className="print-only report-foot">
          {title} · {wave.name}, Freigabe {release} · gedruckt am {formatDateTime(new Date().toISOString())} · Methoden
          und Lesehilfe: Bildungsmonitoring → Methoden
        </footer>
      </article>
    </FootnoteContext.Provider>
  );
}
