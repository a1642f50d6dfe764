import type { School, SchoolPatch, Sozialraum } from '@uwe/schema';
import { type FormEvent, useState } from 'react';
import { createSchool, listSchools, listSozialraeume, patchSchool } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { SCHOOL_TYPES } from '../staff/format.ts';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { useLoad } from '../staff/use-load.ts';
import { SchoolImport } from './SchoolImport.tsx';

type SchoolType = NonNullable<SchoolPatch['type']>;

export function SchoolsPage() {
  const data = useLoad(() => Promise.all([listSchools(), listSozialraeume()]), []);
  const [schools, areas] = data.data ?? [[], []];
  const [editing, setEditing] = useState<School | 'new' | 'import' | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [areaFilter, setAreaFilter] = useState('');
  const [typeFilter, setTypeFilter] = useState('');
  const [activeFilter, setActiveFilter] = useState('');

  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const needle = q.trim().toLowerCase();
  const shown = schools.filter(
    (s) =>
      (!needle || s.name.toLowerCase().includes(needle)) &&
      (!areaFilter || s.sozialraumId === areaFilter) &&
      (!typeFilter || s.type === typeFilter) &&
      (!activeFilter || String(s.active) === activeFilter),
  );

  function start(s: School | 'new' | 'import') {
    setStatus('');
    setActionError(null);
    setEditing(s);
  }

  async function toggleActive(s: School) {
    setStatus('');
    setActionError(null);
    try {
      const updated = await patchSchool(s.id, { active: !s.active });
      setStatus(`„${updated.name}“ ist jetzt ${updated.active ? 'aktiv' : 'deaktiviert'}.`);
      data.reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  return (
    <>
      <div className="section-head">
        <h2>Schulen</h2>
        <div className="form-actions">
          <button type="button" onClick={() => start('new')}>
            Neue Schule
          </button>
          <button type="button" className="secondary" onClick={() => start('import')}>
            CSV-Import
          </button>
        </div>
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{data.error ?? actionError}</ErrorAlert>
      {editing === 'import' && (
        <SchoolImport
          onImported={(n) => {
            setEditing(null);
            setStatus(`${n} ${n === 1 ? 'Schule' : 'Schulen'} importiert.`);
            data.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {editing && editing !== 'import' && (
        <SchoolForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          areas={areas}
          onSaved={(s, created) => {
            setEditing(null);
            setStatus(`Schule „${s.name}“ ${created ? 'angelegt' : 'gespeichert'}.`);
            data.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}

      <search className="filters" aria-label="Schulen filtern">
        <label>
          Name enthält
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          Sozialraum
          <select value={areaFilter} onChange={(e) => setAreaFilter(e.target.value)}>
            <option value="">alle</option>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Schulform
          <select value={typeFilter} onChange={(e) => setTypeFilter(e.target.value)}>
            <option value="">alle</option>
            {Object.entries(SCHOOL_TYPES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={activeFilter} onChange={(e) => setActiveFilter(e.target.value)}>
            <option value="">alle</option>
            <option value="true">aktiv</option>
            <option value="false">deaktiviert</option>
          </select>
        </label>
      </search>

      {data.data && (
        <div className="table-wrap">
          <table>
            <caption>
              {shown.length} von {schools.length} Schulen
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Sozialraum</th>
                <th scope="col">Schulform</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'inactive'}>
                  <th scope="row">{s.name}</th>
                  <td>{areaName.get(s.sozialraumId) ?? '–'}</td>
                  <td>{SCHOOL_TYPES[s.type] ?? s.type}</td>
                  <td>{s.active ? 'aktiv' : 'deaktiviert'}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Bearbeiten: ${s.name}`}
                      onClick={() => start(s)}
                    >
                      Bearbeiten
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`${s.active ? 'Deaktivieren' : 'Aktivieren'}: ${s.name}`}
                      onClick={() => toggleActive(s)}
                    >
                      {s.active ? 'Deaktivieren' : 'Aktivieren'}
                    </button>
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

function SchoolForm({
  initial,
  areas,
  onSaved,
  onCancel,
}: {
  initial: School | null;
  areas: Sozialraum[];
  onSaved: (s: School, created: boolean) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [sozialraumId, setSozialraumId] = useState(initial?.sozialraumId ?? '');
  const [type, setType] = useState<SchoolType>((initial?.type as SchoolType) ?? 'grundschule');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (!initial) onSaved(await createSchool({ name: name.trim(), sozialraumId, type }), true);
      else {
        const patch: SchoolPatch = {};
        if (name.trim() !== initial.name) patch.name = name.trim();
        if (sozialraumId !== initial.sozialraumId) patch.sozialraumId = sozialraumId;
        if (type !== initial.type) patch.type = type;
        onSaved(Object.keys(patch).length ? await patchSchool(initial.id, patch) : initial, false);
      }
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Panel title={initial ? `Schule bearbeiten: ${initial.name}` : 'Neue Schule'}>
      <form onSubmit={submit} className="form-grid">
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Sozialraum
          <select required value={sozialraumId} onChange={(e) => setSozialraumId(e.target.value)}>
            <option value="">Bitte wählen</option>
            {areas
              .filter((a) => a.active || a.id === initial?.sozialraumId)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Schulform
          <select value={type} onChange={(e) => setType(e.target.value as SchoolType)}>
            {Object.entries(SCHOOL_TYPES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <ErrorAlert>{error}</ErrorAlert>
        <PanelActions busy={busy} onCancel={onCancel} />
      </form>
    </Panel>
  );
}
