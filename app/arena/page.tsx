import type { Metadata } from 'next';
import { ArenaClient } from './ArenaClient';

export const metadata: Metadata = { title: 'Arena' };

export default function ArenaPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Arena of balancers</h1>
      <p className="max-w-3xl text-muted">
        Submit a balancer. The server runs it in its sandbox on a hidden suite of generated task sets (the parameters are below, the seeds are
        secret) and ranks it next to the built-in bots: fewest missed deadlines first, then least wasted CPU time, then least stranded CPU time,
        then the earlier submission.
      </p>
      <ArenaClient />
    </div>
  );
}
