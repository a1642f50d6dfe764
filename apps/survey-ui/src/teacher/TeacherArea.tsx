import { NavLink, Route, Routes } from 'react-router';
import { OpenSessionPage } from './OpenSessionPage.tsx';
import { PaperEntryPage } from './PaperEntryPage.tsx';
import { ProjectorPage } from './ProjectorPage.tsx';
import { ReadingScriptPage } from './ReadingScriptPage.tsx';

/**
 * The teacher's pages: open a session, show it to the class, read the short script aloud, type in
 * the paper questionnaires of children without a tablet.
 */
export default function TeacherArea() {
  return (
    <>
      <nav aria-label="Seiten für Lehrkräfte" className="subnav no-print">
        <NavLink to="/lehrkraft" end>
          Sitzungen
        </NavLink>
        <NavLink to="/lehrkraft/vorlesetext">Text zum Vorlesen</NavLink>
      </nav>
      <Routes>
        <Route index element={<OpenSessionPage />} />
        <Route path="sitzungen/:id" element={<ProjectorPage />} />
        <Route path="sitzungen/:id/papier" element={<PaperEntryPage />} />
        <Route path="vorlesetext" element={<ReadingScriptPage />} />
        <Route path="*" element={<p role="alert">Diese Seite gibt es nicht.</p>} />
      </Routes>
    </>
  );
}
