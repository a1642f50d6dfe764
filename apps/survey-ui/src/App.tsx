import { lazy, Suspense } from 'react';

// One chunk per audience: a pupil's tablet never downloads staff code (nor the router the staff
// pages use), and staff pages never load the survey engine.
const PupilApp = lazy(() => import('./pupil/PupilApp.tsx'));
const StaffRoot = lazy(() => import('./staff/StaffRoot.tsx'));

const STAFF_PATHS = ['/lehrkraft', '/monitoring', '/admin', '/druck'];

export function isStaffPath(pathname: string): boolean {
  return STAFF_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export function App() {
  return (
    <Suspense fallback={<p className="loading">Wird geladen …</p>}>
      {isStaffPath(window.location.pathname) ? <StaffRoot /> : <PupilApp />}
    </Suspense>
  );
}
