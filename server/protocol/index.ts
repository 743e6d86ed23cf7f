/**
 * The wire contract between browser and server (Socket.IO). Import from here
 * on both sides; it pulls in only zod and the engine's types and schemas.
 */
export * from './version';
export * from './reasons';
export * from './schemas';
export * from './views';
export * from './events';
export * from './history';
