/**
 * The wire contracts between browser and server: Socket.IO (version, reasons, schemas,
 * views, events) and the JSON HTTP API (http). Import from here on both sides; it pulls
 * in only zod and the engine's types, schemas and its score rule (frames.ts).
 */
export * from './version';
export * from './reasons';
export * from './schemas';
export * from './views';
export * from './events';
export * from './http';
export * from './history';
export * from './frames';
export * from './ranking';
export * from './policies';
