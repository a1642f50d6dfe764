import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A form that opens on the page (create, edit). Focus moves to its heading so keyboard and
 * screen-reader users land where the work continues.
 */
export function Panel({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <section className="card panel" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Save and cancel at the end of a panel's form. */
export function PanelActions({
  busy,
  onCancel,
  submitLabel = 'Speichern',
}: {
  busy: boolean;
  onCancel: () => void;
  submitLabel?: string;
}) {
  return (
    <div className="form-actions full">
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Abbrechen
      </button>
    </div>
  );
}
