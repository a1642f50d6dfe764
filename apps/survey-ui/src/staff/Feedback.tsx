import type { ReactNode } from 'react';

/** An error the person must notice: announced at once by screen readers. */
export function ErrorAlert({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div role="alert" className="alert alert-error">
      {children}
    </div>
  );
}

/** A quiet confirmation ("Gespeichert."), announced politely. The region stays so updates are read. */
export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <p role="status" className={children ? 'alert alert-ok' : 'visually-hidden'}>
      {children}
    </p>
  );
}
