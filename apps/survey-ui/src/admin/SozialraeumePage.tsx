import { useQuery } from '@tanstack/react-query';
import type { Sozialraum, SozialraumPatch } from '@uwe/schema';
import { type ChangeEvent, type FormEvent, useMemo, useState } from 'react';
import { adminKeys, adminQueries, createSozialraum, patchSozialraum } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { queryError } from '../staff/query.ts';
import { BoundaryMap, type MapShape } from './BoundaryMap.tsx';
import { type Boundary, readBoundary } from './geojson.ts';
import { MasterDataPage } from './MasterDataPage.tsx';
import { readTextFile } from './read-file.ts';

export function SozialraeumePage() {
  const list = useQuery(adminQueries.sozialraeume());
  const areas = list.data ?? [];
  return (
    <MasterDataPage<Sozialraum>
      title="Sozialräume"
      newLabel="Neuer Sozialraum"
      rows={list.data}
      error={queryError(list.error)}
      name={(a) => a.name}
      caption={() => ({ text: 'Sozialräume' })}
      rowClass={(a) => (a.active ? undefined : 'inactive')}
      columns={[
        { header: 'Name', cell: (a) => a.name },
        { header: 'Kürzel', cell: (a) => a.code ?? '–' },
        { header: 'Bezirk', cell: (a) => a.district ?? '–' },
        { header: 'Grenze', cell: (a) => (a.geometry ? 'vorhanden' : 'fehlt') },
        { header: 'Status', cell: (a) => (a.active ? 'aktiv' : 'inaktiv') },
      ]}
      // Schools and reports show Sozialraum names too.
      invalidates={[adminKeys.sozialraeume, adminKeys.schools]}
      form={(editing, done, cancel) => {
        const initial = editing.mode === 'edit' && editing.row ? editing.row : null;
        return (
          <SozialraumForm
            key={initial?.id ?? 'new'}
            initial={initial}
            onSaved={(s, created) => done(`Sozialraum „${s.name}“ ${created ? 'angelegt' : 'gespeichert'}.`)}
            onCancel={cancel}
          />
        );
      }}
      above={(editing) => (
        <AllAreasMap areas={areas} editing={editing?.mode === 'edit' ? editing.row?.id : undefined} />
      )}
    />
  );
}

function AllAreasMap({ areas, editing }: { areas: Sozialraum[]; editing: string | undefined }) {
  const shapes = useMemo(
    () =>
      areas.flatMap((a): MapShape[] =>
        a.geometry ? [{ id: a.id, name: a.name, geometry: a.geometry, highlight: editing === a.id }] : [],
      ),
    [areas, editing],
  );
  if (shapes.length === 0) return null;
  return (
    <figure className="map-figure">
      <BoundaryMap shapes={shapes} label="Karte aller Sozialräume mit Grenze" />
      <figcaption>
        Alle Sozialräume mit hinterlegter Grenze ({shapes.length} von {areas.length}). Ohne Hintergrundkarte: Es werden
        keine Daten an Kartendienste übertragen.
      </figcaption>
    </figure>
  );
}

function SozialraumForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Sozialraum | null;
  onSaved: (s: Sozialraum, created: boolean) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [code, setCode] = useState(initial?.code ?? '');
  const [district, setDistrict] = useState(initial?.district ?? '');
  const [active, setActive] = useState(initial?.active ?? true);
  // undefined: unchanged; null: removed; a geometry: newly uploaded.
  const [geometry, setGeometry] = useState<Boundary | null | undefined>(undefined);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const shown = geometry === undefined ? (initial?.geometry ?? null) : geometry;
  const shapes = useMemo<MapShape[]>(
    () => (shown ? [{ id: initial?.id ?? 'neu', name: initial?.name ?? 'Neuer Sozialraum', geometry: shown }] : []),
    [shown, initial],
  );

  async function pickFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setFileError(null);
    if (!file) return;
    const result = readBoundary(await readTextFile(file));
    if (result.ok) setGeometry(result.geometry);
    else {
      setFileError(`${file.name}: ${result.message}`);
      e.target.value = '';
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (!initial) {
        const s = await createSozialraum({
          name: name.trim(),
          code: code.trim() || null,
          district: district.trim() || null,
          ...(geometry ? { geometry } : {}),
        });
        onSaved(s, true);
      } else {
        // Only what changed, so the audit log names the fields that were really edited.
        const patch: SozialraumPatch = {};
        if (name.trim() !== initial.name) patch.name = name.trim();
        if ((code.trim() || null) !== initial.code) patch.code = code.trim() || null;
        if ((district.trim() || null) !== initial.district) patch.district = district.trim() || null;
        if (active !== initial.active) patch.active = active;
        if (geometry !== undefined) patch.geometry = geometry;
        onSaved(Object.keys(patch).length ? await patchSozialraum(initial.id, patch) : initial, false);
      }
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Panel title={initial ? `Sozialraum bearbeiten: ${initial.name}` : 'Neuer Sozialraum'}>
      <form onSubmit={submit} className="form-grid">
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Kürzel (optional)
          <input
            maxLength={40}
            pattern="[A-Za-z0-9_.\-]{1,40}"
            title="Buchstaben, Ziffern, Punkt, Binde- und Unterstrich"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label>
          Bezirk (optional)
          <input maxLength={200} value={district} onChange={(e) => setDistrict(e.target.value)} />
        </label>
        {initial && (
          <label className="inline">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
            aktiv
          </label>
        )}
        <div className="full">
          <label>
            Grenze als GeoJSON-Datei (Polygon oder MultiPolygon, WGS84)
            <input type="file" accept=".geojson,.json,application/geo+json,application/json" onChange={pickFile} />
          </label>
          <ErrorAlert>{fileError}</ErrorAlert>
          {shown ? (
            <figure className="map-figure">
              <BoundaryMap shapes={shapes} label="Vorschau der Grenze" className="map map-small" />
              <figcaption>
                {geometry ? 'Vorschau der hochgeladenen Grenze (noch nicht gespeichert).' : 'Gespeicherte Grenze.'}{' '}
                <button type="button" className="link" onClick={() => setGeometry(null)}>
                  Grenze entfernen
                </button>
              </figcaption>
            </figure>
          ) : (
            <p className="hint">
              {geometry === null ? 'Die Grenze wird beim Speichern entfernt.' : 'Keine Grenze hinterlegt.'}
            </p>
          )}
        </div>
        <ErrorAlert>{error}</ErrorAlert>
        <PanelActions busy={busy} onCancel={onCancel} />
      </form>
    </Panel>
  );
}
