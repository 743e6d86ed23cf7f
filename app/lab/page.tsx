import type { Metadata } from 'next';
import { LabClient } from './LabClient';

export const metadata: Metadata = { title: 'Lab' };

export default function LabPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Lab</h1>
      <p className="max-w-3xl text-muted">
        The email&apos;s open question with data: generate task sets, sweep the utilisation and the share of jobs that enter a
        migrate_disable() section, and run every balancer on the same sets. The built-in balancers are simulated here, in your
        browser, by the game&apos;s engine; a policy of your own runs on the server, in a sandbox. The same experiment runs with
        <code> npm run lab</code>, and gives the same CSV.
      </p>
      <LabClient />
    </div>
  );
}
