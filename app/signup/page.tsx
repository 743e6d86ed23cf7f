import type { Metadata } from 'next';
import { SignUpForm } from '../account/_components/SignUpForm';

export const metadata: Metadata = { title: 'Create a teacher account' };

export default function SignUpPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Create a teacher account</h1>
      <p className="mt-2 text-muted">For teachers who author levels and keep their classes’ history. Students never need one: they join with a code and a nickname.</p>
      <div className="mt-6"><SignUpForm /></div>
    </div>
  );
}
