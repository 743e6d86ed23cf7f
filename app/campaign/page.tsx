import type { Metadata } from 'next';
import { CampaignMap } from './CampaignMap';

export const metadata: Metadata = { title: 'Campaign' };

export default function CampaignPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Campaign</h1>
      <p className="max-w-3xl text-muted">
        One idea per level, from a single preemption to the pile-up of the email. Each level opens with its lesson and ends with your stars
        against the kernel&apos;s balancers. Your progress is kept in this browser (and on the server when it is reachable).
      </p>
      <CampaignMap />
    </div>
  );
}
