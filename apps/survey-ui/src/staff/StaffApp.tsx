import type { Role, StaffUser } from '@uwe/schema';
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { login, logout, me } from '../api/auth.ts';
import { errorMessage } from './errors.ts';
import { ROLE_NAMES } from './format.ts';
import './staff.css';

// Each area is its own chunk: a teacher's laptop never loads the map library of the admin pages.
const TeacherArea = lazy(() => import('../teacher/TeacherArea.tsx'));
const AdminArea = lazy(() => import('../admin/AdminArea.tsx'));
const MonitoringArea = lazy(() => import('../monitoring/MonitoringArea.tsx'));

export type Area = 'lehrkraft' | 'monitoring' | 'admin';

const AREAS: Record<Area, { title: string; roles: Role[] }> = {
  lehrkraft: { title: 'Lehrkräfte', roles: ['teacher', 'admin'] },
  monitoring: { title: 'Bildungsmonitoring', roles: ['monitor', 'admin'] },
  admin: { title: 'Verwaltung', roles: ['admin'] },
};

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
      <a className="skip-link" href="#inhalt">
        Zum Inhalt
      </a>
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
        <button type="button" className="secondary" onClick={() => logout().finally(() => setUser(null))}>
          Abmelden
        </button>
      </header>
      <main id="inhalt" tabIndex={-1}>
        {allowed ? (
          <Suspense fallback={<p className="loading">Wird geladen …</p>}>
            <AreaContent area={area} user={user} />
          </Suspense>
        ) : (
          <>
            <h1>{AREAS[area].title}</h1>
            <p role="alert" className="alert alert-error">
              Dieser Bereich ist für Ihre Rolle nicht freigegeben.
            </p>
          </>
        )}
      </main>
    </div>
  );
}

function AreaContent({ area, user }: { area: Area; user: StaffUser }) {
  if (area === 'lehrkraft') return <TeacherArea />;
  if (area === 'admin') return <AdminArea user={user} />;
  return <MonitoringArea user={user} />;
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
      setError(errorMessage(err, 'Anmeldung fehlgeschlagen.'));
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
