import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';

// One chunk per audience: a pupil's tablet never downloads staff code, and staff pages never load
// the survey engine.
const PupilApp = lazy(() => import('./pupil/PupilApp.tsx'));
const StaffApp = lazy(() => import('./staff/StaffApp.tsx'));
const PrintApp = lazy(() => import('./print/PrintApp.tsx'));

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<p className="loading">Wird geladen …</p>}>
        <Routes>
          <Route path="/lehrkraft/*" element={<StaffApp area="lehrkraft" />} />
          <Route path="/monitoring/*" element={<StaffApp area="monitoring" />} />
          <Route path="/admin/*" element={<StaffApp area="admin" />} />
          <Route path="/druck" element={<PrintApp />} />
          <Route path="*" element={<PupilApp />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
