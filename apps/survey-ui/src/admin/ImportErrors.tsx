import type { ImportLineError } from '../api/admin.ts';

export interface ImportFailure {
  message: string;
  lines: ImportLineError[];
}

/** A refused import (all or nothing): every bad line with its number, or the one message. */
export function ImportErrors({ error }: { error: ImportFailure }) {
  return (
    <div role="alert" className="alert alert-error">
      {error.lines.length > 0 ? (
        <>
          <p>
            <strong>
              Nichts importiert: {error.lines.length} fehlerhafte {error.lines.length === 1 ? 'Zeile' : 'Zeilen'}.
            </strong>
          </p>
          <ul>
            {error.lines.map((l) => (
              <li key={`${l.line}-${l.message}`}>
                Zeile {l.line}: {l.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{error.message}</p>
      )}
    </div>
  );
}
