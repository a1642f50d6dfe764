import { useQuery } from '@tanstack/react-query';
import type { School, SchoolPatch, Sozialraum } from '@uwe/schema';
import { type FormEvent, useState } from 'react';
import { adminKeys, adminQueries, createSchool, patchSchool } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { SCHOOL_TYPES } from '../staff/format.ts';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { queryError } from '../staff/query.ts';
import { MasterDataPage } from './MasterDataPage.tsx';
import { SchoolImport } from './SchoolImport.tsx';

type SchoolType = NonNullable<SchoolPatch['type']>;

export function SchoolsPage() {
  const schools = useQuery(adminQueries.schools());
  const areas = useQuery(adminQueries.sozialraeume());
  const areaList = areas.data ?? [];
  const areaName = new Map(areaList.map((a) => [a.id, a.name]));
  return (
    <MasterDataPage<School>
      title="Schulen"
      newLabel="Neue Schule"
      extraNew={[{ label: 'CSV-Import', mode: 'import' }]}
      rows={schools.data && areas.data ? schools.data : undefined}
      error={queryError(schools.error ?? areas.error)}
      name={(s) => s.name}
      caption={(shown, total) => ({ text: `${shown} von ${total} Schulen`, visible: true })}
      rowClass={(s) => (s.active ? undefined : 'inactive')}
      filters={[
        { id: 'q', label: 'Name enthält', test: (s, v) => s.name.toLowerCase().includes(v.toLowerCase()) },
        {
          id: 'area',
          label: 'Sozialraum',
          options: areaList.map((a) => ({ value: a.id, label: a.name })),
          test: (s, v) => s.sozialraumId === v,
        },
        {
          id: 'type',
          label: 'Schulform',
          options: Object.entries(SCHOOL_TYPES).map(([value, label]) => ({ value, label })),
          test: (s, v) => s.type === v,
        },
        {
          id: 'active',
          label: 'Status',
          options: [
            { value: 'true', label: 'aktiv' },
            { value: 'false', label: 'deaktiviert' },
          ],
          test: (s, v) => String(s.active) === v,
        },
      ]}
      columns={[
        { header: 'Name', cell: (s) => s.name },
        { header: 'Sozialraum', cell: (s) => areaName.get(s.sozialraumId) ?? '–' },
        { header: 'Schulform', cell: (s) => SCHOOL_TYPES[s.type] ?? s.type },
        { header: 'Status', cell: (s) => (s.active ? 'aktiv' : 'deaktiviert') },
      ]}
      actions={[
        {
          label: (s) => (s.active ? 'Deaktivieren' : 'Aktivieren'),
          run: async (s) => {
            const updated = await patchSchool(s.id, { active: !s.active });
            return `„${updated.name}“ ist jetzt ${updated.active ? 'aktiv' : 'deaktiviert'}.`;
          },
        },
      ]}
      invalidates={[adminKeys.schools]}
      form={(editing, done, cancel) => {
        if (editing.mode === 'import') {
          return (
            <SchoolImport
              onImported={(n) => done(`${n} ${n === 1 ? 'Schule' : 'Schulen'} importiert.`)}
              onCancel={cancel}
            />
          );
        }
        const initial = editing.mode === 'edit' && editing.row ? editing.row : null;
        return (
          <SchoolForm
            key={initial?.id ?? 'new'}
            initial={initial}
            areas={areaList}
            onSaved={(s, created) => done(`Schule „${s.name}“ ${created ? 'angelegt' : 'gespeichert'}.`)}
            onCancel={cancel}
          />
        );
      }}
    />
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
