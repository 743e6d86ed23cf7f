/**
 * Requests between server processes over Redis pub/sub: each process listens on its own
 * channel, a request names its sender, the answer goes back on the sender's channel. Targeted
 * (one owner answers), unlike Socket.IO's serverSideEmit, which asks every process and waits
 * for all of them.
 */
import { z } from 'zod';
import type { Logger } from '../rooms';
import type { Redis } from './redis';

const envelopeSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int(), from: z.string().min(1), body: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.boolean(), body: z.unknown() }),
]);

export const nodeChannel = (prefix: string, nodeId: string) => `${prefix}rpc:${nodeId}`;

/** The owner did not answer in time (it died, or is stalled): the caller treats the room as moving. */
export class BusTimeout extends Error {}

export class NodeBus {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    readonly nodeId: string,
    private readonly handler: (from: string, body: unknown) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly timeoutMs = 5000,
  ) {}

  async start(): Promise<void> {
    await this.sub.subscribe(nodeChannel(this.prefix, this.nodeId), (raw) => this.onMessage(raw));
  }

  request(to: string, body: unknown): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BusTimeout(`no answer from ${to} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.pub.publish(nodeChannel(this.prefix, to), JSON.stringify({ t: 'req', id, from: this.nodeId, body })).catch((e: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  /** A request whose answer nobody waits for (a socket closed). */
  notify(to: string, body: unknown): void {
    this.pub.publish(nodeChannel(this.prefix, to), JSON.stringify({ t: 'req', id: 0, from: this.nodeId, body }))
      .catch((e: unknown) => this.logger.error('cluster notice failed', { to, error: String(e) }));
  }

  private onMessage(raw: string): void {
    let parsed: z.infer<typeof envelopeSchema>;
    try {
      parsed = envelopeSchema.parse(JSON.parse(raw));
    } catch (e) {
      this.logger.error('cluster message dropped', { error: String(e) });
      return;
    }
    if (parsed.t === 'res') {
      const p = this.pending.get(parsed.id);
      if (!p) return;
      this.pending.delete(parsed.id);
      clearTimeout(p.timer);
      if (parsed.ok) p.resolve(parsed.body);
      else p.reject(new Error(String(parsed.body)));
      return;
    }
    const { id, from } = parsed;
    void this.handler(from, parsed.body).then(
      (body) => ({ ok: true, body }),
      (e: unknown) => ({ ok: false, body: e instanceof Error ? e.message : String(e) }),
    ).then((answer) => {
      if (id === 0) return;
      return this.pub.publish(nodeChannel(this.prefix, from), JSON.stringify({ t: 'res', id, ...answer }));
    }).catch((e: unknown) => this.logger.error('cluster answer failed', { to: from, error: String(e) }));
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('cluster closing'));
    }
    this.pending.clear();
  }
}
