import type { Role, StaffUser } from '@uwe/schema';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { login, logout, me } from '../api/auth.ts';
import { HttpError } from '../api/http.ts';

export type Area = 'lehrkraft' | 'monitoring' | 'admin';

const AREAS: Record<Area, { title: string; roles: Role[] }> = {
  lehrkraft: { title: 'Lehrkräfte', roles: ['teacher', 'admin'] },
  monitoring: { title: 'Bildungsmonitoring', roles: ['monitor', 'admin'] },
  admin: { title: 'Verwaltung', roles: ['admin'] },
};

const ROLE_NAMES: Record<Role, string> = { admin: 'Administration', monitor: 'Monitoring', teacher: 'Lehrkraft' };

/** The shared staff shell: one login page, then the areas the role may enter. */
export default function StaffApp({ area }: { area: Area }) {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    me()
      .then((u) => live && setUser(u))
      .catch(() => live && setUser(null));
    return () => {
      live = false;
    };
  }, []);

  if (user === undefined) return <p className="loading">Wird geladen …</p>;
  if (user === null) return <LoginForm title={AREAS[area].title} onLogin={setUser} />;

  const allowed = AREAS[area].roles.includes(user.role);
  return (
    <div className="staff">
      <header className="staff-header">
        <strong>Wie geht's dir? UWE</strong>
        <nav aria-label="Bereiche">
          {(Object.keys(AREAS) as Area[])
            .filter((a) => AREAS[a].roles.includes(user.role))
            .map((a) => (
              <Link key={a} to={`/${a}`} aria-current={a === area ? 'page' : undefined}>
                {AREAS[a].title}
              </Link>
            ))}
        </nav>
        <span>
          {user.email} ({ROLE_NAMES[user.role]})
        </span>
        <button type="button" onClick={() => logout().then(() => setUser(null))}>
          Abmelden
        </button>
      </header>
      <main>
        <h1>{AREAS[area].title}</h1>
        {allowed ? (
          <p>Willkommen, {user.displayName ?? user.email}.</p>
        ) : (
          <p role="alert">Dieser Bereich ist für Ihre Rolle nicht freigegeben.</p>
        )}
      </main>
    </div>
  );
}

function LoginForm({ title, onLogin }: { title: string; onLogin: (u: StaffUser) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await login({ email, password }));
    } catch (err) {
      setError(err instanceof HttpError ? err.message : 'Anmeldung fehlgeschlagen.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>Anmeldung – {title}</h1>
      <form onSubmit={submit}>
        <label>
          E-Mail-Adresse
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Passwort
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Anmelden
        </button>
      </form>
    </main>
  );
}
