export * from './api/auth.ts';
export * from './api/common.ts';
