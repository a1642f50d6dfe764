import { useQuery } from '@tanstack/react-query';
import type { Grade, Wave, WavePatch } from '@uwe/schema';
import { type FormEvent, useState } from 'react';
import { adminKeys, adminQueries, createWave, type InstrumentInfo, patchWave } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { formatDate, WAVE_STATUS } from '../staff/format.ts';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { queryError } from '../staff/query.ts';
import { MasterDataPage } from './MasterDataPage.tsx';

const GRADES: Grade[] = [4, 7, 9];
/**
 * The versions built into the platform, newest first: a new wave gets the newest (reviewed wording,
 * "Wo wohnst du?"); uploaded versions appear once a wave uses them.
 */
const BUILTIN_INSTRUMENTS = ['uwe-2026-r2', 'uwe-2026'];
const BUILTIN_INSTRUMENT = BUILTIN_INSTRUMENTS[0]!;
type Status = Wave['status'];

export function WavesPage() {
  const list = useQuery(adminQueries.waves());
  const registry = useQuery(adminQueries.instruments());
  const waves = list.data ?? [];
  const known = [...new Set([...BUILTIN_INSTRUMENTS, ...waves.map((w) => w.instrumentId)])];
  const instruments: InstrumentInfo[] = registry.data?.length
    ? registry.data
    : known.map((id) => ({ id, title: id, builtin: BUILTIN_INSTRUMENTS.includes(id) }));
  return (
    <MasterDataPage<Wave>
      title="Befragungswellen"
      newLabel="Neue Welle"
      rows={list.data}
      error={queryError(list.error)}
      name={(w) => w.name}
      caption={() => ({ text: 'Befragungswellen' })}
      columns={[
        { header: 'Name', cell: (w) => w.name },
        { header: 'Instrument', cell: (w) => w.instrumentId, className: 'mono' },
        { header: 'Jahrgangsstufen', cell: (w) => w.grades.join(', ') },
        { header: 'Feldphase', cell: (w) => `${formatDate(w.startsOn)} – ${formatDate(w.endsOn)}` },
        { header: 'Status', cell: (w) => <span className={`badge badge-${w.status}`}>{WAVE_STATUS[w.status]}</span> },
      ]}
      // The monitoring and teacher pages list waves too.
      invalidates={[adminKeys.waves, ['reports']]}
      form={(editing, done, cancel) => {
        const initial = editing.mode === 'edit' && editing.row ? editing.row : null;
        return (
          <WaveForm
            key={initial?.id ?? 'new'}
            initial={initial}
            instruments={instruments}
            onSaved={(w, created) => done(`Welle „${w.name}“ ${created ? 'angelegt' : 'gespeichert'}.`)}
            onCancel={cancel}
          />
        );
      }}
    />
  );
}

function WaveForm({
  initial,
  instruments,
  onSaved,
  onCancel,
}: {
  initial: Wave | null;
  instruments: InstrumentInfo[];
  onSaved: (w: Wave, created: boolean) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [instrumentId, setInstrumentId] = useState(initial?.instrumentId ?? BUILTIN_INSTRUMENT);
  const [grades, setGrades] = useState<Grade[]>(initial?.grades ?? []);
  const [startsOn, setStartsOn] = useState(initial?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(initial?.endsOn ?? '');
  const [status, setStatus] = useState<Status>(initial?.status ?? 'planned');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function toggleGrade(g: Grade, on: boolean) {
    setGrades((gs) => (on ? [...gs, g].sort((a, b) => a - b) : gs.filter((x) => x !== g)));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (grades.length === 0) return setError('Bitte mindestens eine Jahrgangsstufe wählen.');
    if (endsOn < startsOn) return setError('Das Ende der Feldphase liegt vor ihrem Beginn.');
    setBusy(true);
    setError(null);
    try {
      if (!initial) {
        onSaved(
          await createWave({ name: name.trim(), instrumentId: instrumentId.trim(), grades, startsOn, endsOn, status }),
          true,
        );
      } else {
        const patch: WavePatch = {};
        if (name.trim() !== initial.name) patch.name = name.trim();
        if (grades.join() !== initial.grades.join()) patch.grades = grades;
        if (startsOn !== initial.startsOn) patch.startsOn = startsOn;
        if (endsOn !== initial.endsOn) patch.endsOn = endsOn;
        if (status !== initial.status) patch.status = status;
        onSaved(Object.keys(patch).length ? await patchWave(initial.id, patch) : initial, false);
      }
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Panel title={initial ? `Welle bearbeiten: ${initial.name}` : 'Neue Befragungswelle'}>
      <form onSubmit={submit} className="form-grid">
        <label>
          Name
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Instrument-Version
          <select
            required
            value={instrumentId}
            disabled={initial !== null}
            aria-describedby="instrument-hint"
            onChange={(e) => setInstrumentId(e.target.value)}
          >
            {!instruments.some((i) => i.id === instrumentId) && <option value={instrumentId}>{instrumentId}</option>}
            {instruments.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title === i.id ? i.id : `${i.title} (${i.id})`}
              </option>
            ))}
          </select>
          <span id="instrument-hint" className="hint">
            {initial
              ? 'Kann nicht mehr geändert werden: Antworten sind nur innerhalb einer Version vergleichbar.'
              : 'Wird nach dem Anlegen festgeschrieben.'}
          </span>
        </label>
        <fieldset className="choice">
          <legend>Jahrgangsstufen</legend>
          {GRADES.map((g) => (
            <label key={g} className="inline">
              <input type="checkbox" checked={grades.includes(g)} onChange={(e) => toggleGrade(g, e.target.checked)} />
              Klasse {g}
            </label>
          ))}
        </fieldset>
        <label>
          Beginn der Feldphase
          <input type="date" required value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        </label>
        <label>
          Ende der Feldphase
          <input
            type="date"
            required
            min={startsOn || undefined}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {Object.entries(WAVE_STATUS).map(([k, v]) => (
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
