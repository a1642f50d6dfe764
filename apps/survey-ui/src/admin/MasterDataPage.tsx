import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A filter above the list: a search field (no options) or a choice ("alle" first). */
export interface Filter<T> {
  id: string;
  label: string;
  options?: { value: string; label: string }[];
  test: (row: T, value: string) => boolean;
}

/** What the page is editing: a new record, a record, or another form of a record (e.g. its password). */
export type Editing<T> = { mode: 'new' } | { mode: 'edit'; row: T } | { mode: string; row?: T };

/** A button in a row besides "Bearbeiten": opens a form of the row, or runs at once and says what it did. */
export type RowAction<T> = {
  label: (row: T) => string;
  title?: string;
  hidden?: (row: T) => boolean;
} & ({ open: string } | { run: (row: T) => Promise<string> });

/**
 * The list-filter-edit page of one kind of master data (Sozialräume, schools, waves, accounts):
 * a heading with "new" buttons, status and errors, a panel with the open form, filters, and the
 * table with the row buttons. A saved form or a row action invalidates the lists it changes
 * (`invalidates`), so every page showing them reloads them.
 */
export function MasterDataPage<T extends { id: string }>({
  title,
  newLabel,
  extraNew = [],
  rows,
  error,
  name,
  columns,
  caption,
  filters = [],
  rowClass,
  actions = [],
  invalidates,
  form,
  above,
}: {
  title: string;
  newLabel: string;
  /** More "new" buttons (e.g. a CSV import), each opening a form mode. */
  extraNew?: { label: string; mode: string }[];
  rows: T[] | undefined;
  error: string | null;
  /** The record's name in buttons' accessible names ("Bearbeiten: …"). */
  name: (row: T) => string;
  /** The first column is the row's header. */
  columns: Column<T>[];
  /** The table caption; `visible` shows it (e.g. "12 von 40 Schulen"). */
  caption: (shown: number, total: number) => { text: string; visible?: boolean };
  filters?: Filter<T>[];
  rowClass?: (row: T) => string | undefined;
  actions?: RowAction<T>[];
  invalidates: QueryKey[];
  /** The open form; `done` closes it with a status message and reloads the lists. */
  form: (editing: Editing<T>, done: (message: string) => void, cancel: () => void) => ReactNode;
  /** Shown above the list (e.g. the map of all Sozialräume). */
  above?: (editing: Editing<T> | null) => ReactNode;
}) {
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});

  const reload = () => Promise.all(invalidates.map((queryKey) => queries.invalidateQueries({ queryKey })));
  const start = (e: Editing<T>) => {
    setStatus('');
    setActionError(null);
    setEditing(e);
  };
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    void reload();
  };
  const run = async (action: (row: T) => Promise<string>, row: T) => {
    setStatus('');
    setActionError(null);
    try {
      setStatus(await action(row));
      await reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  };

  const all = rows ?? [];
  const shown = all.filter((r) => filters.every((f) => !values[f.id]?.trim() || f.test(r, values[f.id]!.trim())));
  const { text, visible } = caption(shown.length, all.length);
  const [first, ...rest] = columns;

  return (
    <>
      <div className="section-head">
        <h2>{title}</h2>
        <div className="form-actions">
          <button type="button" onClick={() => start({ mode: 'new' })}>
            {newLabel}
          </button>
          {extraNew.map((x) => (
            <button key={x.mode} type="button" className="secondary" onClick={() => start({ mode: x.mode })}>
              {x.label}
            </button>
          ))}
        </div>
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{error ?? actionError}</ErrorAlert>
      {editing && form(editing, done, () => setEditing(null))}
      {above?.(editing)}
      {filters.length > 0 && (
        <search className="filters" aria-label={`${title} filtern`}>
          {filters.map((f) => (
            <FilterField
              key={f.id}
              filter={f}
              value={values[f.id] ?? ''}
              onChange={(v) => setValues({ ...values, [f.id]: v })}
            />
          ))}
        </search>
      )}
      {rows && first && (
        <div className="table-wrap">
          <table>
            <caption className={visible ? undefined : 'visually-hidden'}>{text}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" key={c.header}>
                    {c.header}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} className={rowClass?.(r)}>
                  <th scope="row">{first.cell(r)}</th>
                  {rest.map((c) => (
                    <td key={c.header} className={c.className}>
                      {c.cell(r)}
                    </td>
                  ))}
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Bearbeiten: ${name(r)}`}
                      onClick={() => start({ mode: 'edit', row: r })}
                    >
                      Bearbeiten
                    </button>
                    {actions
                      .filter((a) => !a.hidden?.(r))
                      .map((a) => {
                        const label = a.label(r);
                        return (
                          <button
                            key={label}
                            type="button"
                            className="secondary small"
                            aria-label={`${label}: ${name(r)}`}
                            title={a.title}
                            onClick={() => ('open' in a ? start({ mode: a.open, row: r }) : run(a.run, r))}
                          >
                            {label}
                          </button>
                        );
                      })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function FilterField<T>({
  filter,
  value,
  onChange,
}: {
  filter: Filter<T>;
  value: string;
  onChange: (v: string) => void;
}) {
  if (!filter.options) {
    return (
      <label>
        {filter.label}
        <input type="search" value={value} onChange={(e) => onChange(e.target.value)} />
      </label>
    );
  }
  return (
    <label>
      {filter.label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">alle</option>
        {filter.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
