import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import StaffApp from './StaffApp.tsx';

const PrintApp = lazy(() => import('../print/PrintApp.tsx'));

/** Leaving the staff pages (for the pupil page) is a full page load: the pupil app has no router. */
function LeaveStaff() {
  useEffect(() => {
    window.location.assign(window.location.href);
  }, []);
  return null;
}

/** The staff side with its router; loaded only on staff paths, so a tablet never downloads it. */
export default function StaffRoot() {
  // One cache of server state for all staff pages (TanStack Query); a failed read is retried once.
  const [queries] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <Routes>
          <Route path="/lehrkraft/*" element={<StaffApp area="lehrkraft" />} />
          <Route path="/monitoring/*" element={<StaffApp area="monitoring" />} />
          <Route path="/admin/*" element={<StaffApp area="admin" />} />
          <Route path="/druck" element={<PrintApp />} />
          <Route path="*" element={<LeaveStaff />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
