import type { Metadata } from 'next';
import { PoliciesClient } from './PoliciesClient';

export const metadata: Metadata = { title: 'Policy editor' };

export default function PoliciesPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Policy editor</h1>
      <p className="max-w-3xl text-muted">
        Write your own balancer in TypeScript or JavaScript, run it on any level or on a scenario of your own, and compare it with the
        kernel&apos;s balancers and par on the same tasks and seed. The server runs your code in a sandbox; the timeline shows what it did.
      </p>
      <PoliciesClient />
    </div>
  );
}
