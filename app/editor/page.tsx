import type { Metadata } from 'next';
import { EditorClient } from './EditorClient';

export const metadata: Metadata = { title: 'Scenario editor' };

export default function EditorPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Scenario editor</h1>
      <p className="max-w-3xl text-muted">
        Build a level for your course: the machine, the tasks and their migrate_disable() sections, a lesson and goals.
        Every mistake is shown at its field as you type, and every bot plays your draft live below. The draft stays in this browser.
      </p>
      <EditorClient />
    </div>
  );
}
