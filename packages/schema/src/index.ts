export * from './api/admin.ts';
export * from './api/auth.ts';
export * from './api/common.ts';
export * from './api/pupil.ts';
export * from './api/reports.ts';
export * from './api/sessions.ts';
export * from './instrument/index.ts';
export * from './session-code.ts';
