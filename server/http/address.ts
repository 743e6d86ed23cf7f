import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * The client's network address, as the per-address limits count it (the API's budgets,
 * the sockets' caps). Behind the reverse proxy (deploy/nginx.conf) every connection comes
 * from the proxy: then, with `trustProxy`, the client's address is the last X-Forwarded-For
 * entry, the one the proxy appended (earlier entries are whatever the client wrote). Only
 * when nothing but the proxy can reach the server: otherwise a client could name any address.
 */
export function clientAddress(remote: string | undefined, headers: IncomingHttpHeaders, trustProxy: boolean): string {
  if (trustProxy) {
    const header = headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((x) => x.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  return remote ?? 'unknown';
}

/** A request's client address (see clientAddress): what every per-address budget of the API counts. */
export type RequestAddress = (req: IncomingMessage) => string;

export function requestAddress(trustProxy: boolean): RequestAddress {
  return (req) => clientAddress(req.socket.remoteAddress, req.headers, trustProxy);
}
