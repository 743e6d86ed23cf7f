import type { Metadata } from 'next';
import { AccountPanel } from './_components/AccountPanel';

export const metadata: Metadata = { title: 'Your account' };

export default function AccountPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
      <div className="mt-6"><AccountPanel /></div>
    </div>
  );
}
