/** Rooms: the authority over live runs. No transport, no database driver (checked by ESLint). */
export * from './clock';
export * from './ports';
export * from './result';
export * from './run';
export * from './room';
export * from './registry';
export { hashToken, newToken } from './tokens';
export { rankStandings } from './standings';
