import { useQuery } from '@tanstack/react-query';
import type { Role, School, StaffUser, User, UserPatch } from '@uwe/schema';
import { type FormEvent, useId, useState } from 'react';
import { adminKeys, adminQueries, createUser, endUserSessions, patchUser } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { ROLE_NAMES } from '../staff/format.ts';
import { Panel, PanelActions } from '../staff/Panel.tsx';
import { queryError } from '../staff/query.ts';
import { MasterDataPage } from './MasterDataPage.tsx';

/** Readable when handed over on paper: no 0/O, 1/l/I. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function generatePassword(length = 14): string {
  const bytes = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
}

export function UsersPage({ me }: { me: StaffUser }) {
  const users = useQuery(adminQueries.users());
  const schools = useQuery(adminQueries.schools());
  const schoolList = schools.data ?? [];
  const schoolName = new Map(schoolList.map((s) => [s.id, s.name]));
  return (
    <MasterDataPage<User>
      title="Konten"
      newLabel="Neues Konto"
      rows={users.data && schools.data ? users.data : undefined}
      error={queryError(users.error ?? schools.error)}
      name={(u) => u.email}
      caption={() => ({ text: 'Konten der Mitarbeitenden' })}
      rowClass={(u) => (u.active ? undefined : 'inactive')}
      columns={[
        { header: 'E-Mail-Adresse', cell: (u) => u.email },
        { header: 'Name', cell: (u) => u.displayName ?? '–' },
        { header: 'Rolle', cell: (u) => ROLE_NAMES[u.role] },
        {
          header: 'Schulen',
          cell: (u) =>
            u.role === 'teacher' ? u.schoolIds.map((id) => schoolName.get(id) ?? id).join(', ') || '–' : 'alle',
        },
        { header: 'Status', cell: (u) => (u.active ? 'aktiv' : 'deaktiviert') },
      ]}
      actions={[
        { label: () => 'Passwort zurücksetzen', open: 'password' },
        {
          label: () => 'Überall abmelden',
          title: 'Beendet alle Anmeldungen dieses Kontos sofort, zum Beispiel nach einem verlorenen Gerät.',
          hidden: (u) => u.id === me.id,
          run: async (u) => {
            await endUserSessions(u.id);
            return `Alle Anmeldungen von ${u.email} sind beendet.`;
          },
        },
        {
          label: (u) => (u.active ? 'Deaktivieren' : 'Aktivieren'),
          hidden: (u) => u.id === me.id,
          run: async (u) => {
            const updated = await patchUser(u.id, { active: !u.active });
            return updated.active
              ? `Das Konto ${updated.email} ist wieder aktiv.`
              : `Das Konto ${updated.email} ist deaktiviert und überall abgemeldet.`;
          },
        },
      ]}
      invalidates={[adminKeys.users]}
      form={(editing, done, cancel) => {
        if (editing.mode === 'password' && editing.row) {
          return <PasswordForm key={editing.row.id} user={editing.row} onSaved={done} onCancel={cancel} />;
        }
        const initial = editing.mode === 'edit' && editing.row ? editing.row : null;
        return (
          <UserForm
            key={initial?.id ?? 'new'}
            initial={initial}
            schools={schoolList}
            onSaved={done}
            onCancel={cancel}
          />
        );
      }}
    />
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
