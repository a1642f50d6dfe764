import type { Role, School, StaffUser, User, UserPatch } from '@uwe/schema';
import { type FormEvent, useId, useState } from 'react';
import { createUser, endUserSessions, listSchools, listUsers, patchUser } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { ROLE_NAMES } from '../staff/format.ts';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { useLoad } from '../staff/use-load.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User };

/** Readable when handed over on paper: no 0/O, 1/l/I. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function generatePassword(length = 14): string {
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
}

export function UsersPage({ me }: { me: StaffUser }) {
  const data = useLoad(() => Promise.all([listUsers(), listSchools()]), []);
  const [users, schools] = data.data ?? [[], []];
  const [editing, setEditing] = useState<Editing | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));

  function start(e: Editing) {
    setStatus('');
    setActionError(null);
    setEditing(e);
  }

  async function toggleActive(u: User) {
    setStatus('');
    setActionError(null);
    try {
      const updated = await patchUser(u.id, { active: !u.active });
      setStatus(
        updated.active
          ? `Das Konto ${updated.email} ist wieder aktiv.`
          : `Das Konto ${updated.email} ist deaktiviert und überall abgemeldet.`,
      );
      data.reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function endSessions(u: User) {
    setStatus('');
    setActionError(null);
    try {
      await endUserSessions(u.id);
      setStatus(`Alle Anmeldungen von ${u.email} sind beendet.`);
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  function done(message: string) {
    setEditing(null);
    setStatus(message);
    data.reload();
  }

  return (
    <>
      <div className="section-head">
        <h2>Konten</h2>
        <button type="button" onClick={() => start({ kind: 'new' })}>
          Neues Konto
        </button>
      </div>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{data.error ?? actionError}</ErrorAlert>
      {editing?.kind === 'new' && (
        <UserForm key="new" initial={null} schools={schools} onSaved={done} onCancel={() => setEditing(null)} />
      )}
      {editing?.kind === 'edit' && (
        <UserForm
          key={editing.user.id}
          initial={editing.user}
          schools={schools}
          onSaved={done}
          onCancel={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'password' && (
        <PasswordForm key={editing.user.id} user={editing.user} onSaved={done} onCancel={() => setEditing(null)} />
      )}
      {data.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Konten der Mitarbeitenden</caption>
            <thead>
              <tr>
                <th scope="col">E-Mail-Adresse</th>
                <th scope="col">Name</th>
                <th scope="col">Rolle</th>
                <th scope="col">Schulen</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Aktionen</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <th scope="row">{u.email}</th>
                  <td>{u.displayName ?? '–'}</td>
                  <td>{ROLE_NAMES[u.role]}</td>
                  <td>
                    {u.role === 'teacher'
                      ? u.schoolIds.map((id) => schoolName.get(id) ?? id).join(', ') || '–'
                      : 'alle'}
                  </td>
                  <td>{u.active ? 'aktiv' : 'deaktiviert'}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Bearbeiten: ${u.email}`}
                      onClick={() => start({ kind: 'edit', user: u })}
                    >
                      Bearbeiten
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Passwort zurücksetzen: ${u.email}`}
                      onClick={() => start({ kind: 'password', user: u })}
                    >
                      Passwort zurücksetzen
                    </button>
                    {u.id !== me.id && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Überall abmelden: ${u.email}`}
                        title="Beendet alle Anmeldungen dieses Kontos sofort, zum Beispiel nach einem verlorenen Gerät."
                        onClick={() => endSessions(u)}
                      >
                        Überall abmelden
                      </button>
                    )}
                    {u.id !== me.id && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`${u.active ? 'Deaktivieren' : 'Aktivieren'}: ${u.email}`}
                        onClick={() => toggleActive(u)}
                      >
                        {u.active ? 'Deaktivieren' : 'Aktivieren'}
                      </button>
                    )}
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

function UserForm({
  initial,
  schools,
  onSaved,
  onCancel,
}: {
  initial: User | null;
  schools: School[];
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [email, setEmail] = useState(initial?.email ?? '');
  const [displayName, setDisplayName] = useState(initial?.displayName ?? '');
  const [role, setRole] = useState<Role>(initial?.role ?? 'teacher');
  const [schoolIds, setSchoolIds] = useState<string[]>(initial?.schoolIds ?? []);
  const [password, setPassword] = useState(() => (initial ? '' : generatePassword()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const ids = role === 'teacher' ? schoolIds : [];
    try {
      if (!initial) {
        const u = await createUser({
          email: email.trim(),
          password,
          role,
          displayName: displayName.trim() || null,
          schoolIds: ids,
        });
        onSaved(`Konto ${u.email} angelegt. Erstes Passwort: ${password} – bitte sicher weitergeben.`);
      } else {
        const patch: UserPatch = {};
        if ((displayName.trim() || null) !== initial.displayName) patch.displayName = displayName.trim() || null;
        if (role !== initial.role) patch.role = role;
        if (role === 'teacher' && [...ids].sort().join() !== [...initial.schoolIds].sort().join())
          patch.schoolIds = ids;
        if (Object.keys(patch).length) await patchUser(initial.id, patch);
        onSaved(`Konto ${initial.email} gespeichert.`);
      }
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Panel title={initial ? `Konto bearbeiten: ${initial.email}` : 'Neues Konto'}>
      <form onSubmit={submit} className="form-grid">
        <label>
          E-Mail-Adresse
          <input
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            value={email}
            disabled={initial !== null}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Name (optional)
          <input maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          Rolle
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {(Object.keys(ROLE_NAMES) as Role[]).map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        {!initial && (
          <PasswordField value={password} onChange={setPassword} label="Erstes Passwort (mindestens 10 Zeichen)" />
        )}
        {role === 'teacher' && <SchoolPicker schools={schools} value={schoolIds} onChange={setSchoolIds} />}
        <ErrorAlert>{error}</ErrorAlert>
        <PanelActions busy={busy} onCancel={onCancel} submitLabel={initial ? 'Speichern' : 'Konto anlegen'} />
      </form>
    </Panel>
  );
}

function PasswordField({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  return (
    <div className="password-field">
      <label>
        {label}
        <input
          type="text"
          required
          minLength={10}
          maxLength={200}
          autoComplete="new-password"
          spellCheck={false}
          className="mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <button type="button" className="secondary small" onClick={() => onChange(generatePassword())}>
        Neues Passwort erzeugen
      </button>
    </div>
  );
}

function SchoolPicker({
  schools,
  value,
  onChange,
}: {
  schools: School[];
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const [q, setQ] = useState('');
  const filterId = useId();
  const needle = q.trim().toLowerCase();
  const shown = schools.filter((s) => value.includes(s.id) || (s.active && s.name.toLowerCase().includes(needle)));
  return (
    <fieldset className="school-picker full">
      <legend>Schulen der Lehrkraft ({value.length} gewählt)</legend>
      <label htmlFor={filterId}>Schulen filtern</label>
      <input id={filterId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="checkbox-list">
        {shown.map((s) => (
          <label key={s.id} className="inline">
            <input
              type="checkbox"
              checked={value.includes(s.id)}
              onChange={(e) => onChange(e.target.checked ? [...value, s.id] : value.filter((id) => id !== s.id))}
            />
            {s.name}
            {!s.active && ' (deaktiviert)'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function PasswordForm({
  user,
  onSaved,
  onCancel,
}: {
  user: User;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState(generatePassword);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await patchUser(user.id, { password });
      onSaved(
        `Neues Passwort für ${user.email}: ${password} – bitte sicher weitergeben. Das Konto wurde überall abgemeldet.`,
      );
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Panel title={`Passwort zurücksetzen: ${user.email}`}>
      <form onSubmit={submit} className="form-grid">
        <PasswordField value={password} onChange={setPassword} label="Neues Passwort (mindestens 10 Zeichen)" />
        <p className="hint full">Nach dem Zurücksetzen wird das Konto auf allen Geräten abgemeldet.</p>
        <ErrorAlert>{error}</ErrorAlert>
        <div className="form-actions full">
          <button type="submit" disabled={busy}>
            Passwort setzen
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Abbrechen
          </button>
        </div>
      </form>
    </Panel>
  );
}
