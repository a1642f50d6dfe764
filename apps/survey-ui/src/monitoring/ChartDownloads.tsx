import { useState } from 'react';
import { downloadBlob, fileSlug, svgToPng } from './download.ts';

/**
 * "SVG herunterladen" / "PNG herunterladen" for one chart or map. `svg` builds the file when
 * clicked (from the numbers shown, never from anything the page does not show).
 */
export function ChartDownloads({ title, svg }: { title: string; svg: () => string | null }) {
  const [error, setError] = useState<string | null>(null);
  const name = fileSlug(title);
  const save = async (kind: 'svg' | 'png') => {
    setError(null);
    try {
      const text = svg();
      if (!text) throw new Error('Das Diagramm ist noch nicht fertig gezeichnet.');
      const blob = kind === 'svg' ? new Blob([text], { type: 'image/svg+xml' }) : await svgToPng(text);
      downloadBlob(blob, `${name}.${kind}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Das Herunterladen ist fehlgeschlagen.');
    }
  };
  return (
    <div className="chart-downloads no-print">
      <button
        type="button"
        className="secondary small"
        onClick={() => save('svg')}
        aria-label={`SVG herunterladen: ${title}`}
      >
        SVG herunterladen
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => save('png')}
        aria-label={`PNG herunterladen: ${title}`}
      >
        PNG herunterladen
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
