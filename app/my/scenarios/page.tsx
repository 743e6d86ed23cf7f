import type { Metadata } from 'next';
import { MyScenarios } from './MyScenarios';

export const metadata: Metadata = { title: 'My scenarios' };

export default function MyScenariosPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">My scenarios</h1>
      <MyScenarios />
    </div>
  );
}
