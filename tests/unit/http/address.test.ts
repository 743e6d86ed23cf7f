import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../server/http/address';

describe('the client address the per-address limits count', () => {
  it('is the connection\'s without trustProxy, whatever X-Forwarded-For says (a client can write it)', () => {
    expect(clientAddress('10.0.0.5', { 'x-forwarded-for': '203.0.113.9' }, false)).toBe('10.0.0.5');
    expect(clientAddress(undefined, {}, false)).toBe('unknown');
  });

  it('behind the proxy is the last X-Forwarded-For entry: the one the proxy appended, not what the client wrote before it', () => {
    expect(clientAddress('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, true)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }, true)).toBe('203.0.113.9');
    // Node joins repeated headers into one string; an array (from a socket's handshake) counts the same way.
    expect(clientAddress('127.0.0.1', { 'x-forwarded-for': ['1.2.3.4', ' 203.0.113.9 '] } as never, true)).toBe('203.0.113.9');
  });

  it('falls back to the connection when the proxy sent no address', () => {
    expect(clientAddress('127.0.0.1', {}, true)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', { 'x-forwarded-for': ' , ' }, true)).toBe('127.0.0.1');
  });
});
