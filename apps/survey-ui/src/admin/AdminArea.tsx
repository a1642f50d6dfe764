import type { StaffUser } from '@uwe/schema';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { AuditPage } from './AuditPage.tsx';
import { FieldworkPage } from './FieldworkPage.tsx';
import { FreeTextsPage } from './FreeTextsPage.tsx';
import { ReleasesPage } from './ReleasesPage.tsx';
import { SchoolsPage } from './SchoolsPage.tsx';
import { SozialraeumePage } from './SozialraeumePage.tsx';
import { StreetsPage } from './StreetsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { WavesPage } from './WavesPage.tsx';

/** Master data of the city: Sozialräume, schools, waves, staff accounts, and the audit log. */
export default function AdminArea({ user }: { user: StaffUser }) {
  return (
    <>
      <h1>Verwaltung</h1>
      <nav aria-label="Seiten der Verwaltung" className="subnav">
        <NavLink to="/admin/sozialraeume">Sozialräume</NavLink>
        <NavLink to="/admin/schulen">Schulen</NavLink>
        <NavLink to="/admin/strassen">Straßen</NavLink>
        <NavLink to="/admin/wellen">Befragungswellen</NavLink>
        <NavLink to="/admin/feldphase">Feldphase</NavLink>
        <NavLink to="/admin/freitexte">Freitexte</NavLink>
        <NavLink to="/admin/freigaben">Freigaben</NavLink>
        <NavLink to="/admin/konten">Konten</NavLink>
        <NavLink to="/admin/protokoll">Protokoll</NavLink>
        <a href="/druck">Papierfragebogen (leer)</a>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/admin/sozialraeume" replace />} />
        <Route path="sozialraeume" element={<SozialraeumePage />} />
        <Route path="schulen" element={<SchoolsPage />} />
        <Route path="strassen" element={<StreetsPage />} />
        <Route path="wellen" element={<WavesPage />} />
        <Route path="feldphase" element={<FieldworkPage />} />
        <Route path="freitexte" element={<FreeTextsPage />} />
        <Route path="freigaben" element={<ReleasesPage />} />
        <Route path="konten" element={<UsersPage me={user} />} />
        <Route path="protokoll" element={<AuditPage />} />
        <Route path="*" element={<p role="alert">Diese Seite gibt es nicht.</p>} />
      </Routes>
    </>
  );
}
