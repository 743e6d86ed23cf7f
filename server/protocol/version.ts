/**
 * The wire contract's version. Bump it on any incompatible change to an event
 * name, a payload or an ack shape; the server refuses a connection whose
 * `auth.protocol` differs (reason `protocol/version`), so an old tab reloads
 * instead of misreading frames.
 */
export const PROTOCOL_VERSION = 1 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;
