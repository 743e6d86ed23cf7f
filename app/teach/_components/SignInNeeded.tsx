import type { ApiFailure } from '../../lib/api';

/** A teacher's page refused: not signed in, or not theirs (404 tells nothing more), or the server is away. */
export function Refused({ failure, what }: { failure: ApiFailure; what: string }) {
  const text = failure.kind === 'refused' && failure.code === 'unauthenticated'
    ? 'Sign in with your teacher account to see this page.'
    : failure.kind === 'refused' && failure.status === 404 ? `There is no ${what} here (or it is not yours).` : failure.message;
  return <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm" data-testid="teach-refused">{text}</p>;
}
