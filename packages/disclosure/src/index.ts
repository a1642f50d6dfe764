export * from './cell-key.ts';
export * from './config.ts';
export * from './protect.ts';
export * from './ptable.ts';
