'use client';

import { useEffect, useState, type ComponentType } from 'react';
import { afterLoad } from '../lib/afterLoad';
import type { PileUpDemoProps } from './PileUpDemo';
import { DEMO_PANELS, DemoFrame, DemoPanel } from './PileUpFrame';

/**
 * The landing demo, loaded after the page: the engine and the timeline's canvas code
 * are not needed to read the landing page. Until then the frame shows tick 0, where
 * nothing has run yet, with the charts' room kept so nothing moves when they arrive.
 */
export function PileUpDemoLazy(props: PileUpDemoProps) {
  const [Demo, setDemo] = useState<ComponentType<PileUpDemoProps> | null>(null);
  useEffect(() => afterLoad(() => {
    void import('./PileUpDemo').then((m) => setDemo(() => m.PileUpDemo));
  }), []);
  if (Demo) return <Demo {...props} />;
  // Gantt.tsx's height: its top strip (22), a row per CPU (18) and the tick axis (16).
  const chartHeight = 22 + props.scenario.cpus * 18 + 16;
  return (
    <DemoFrame
      panels={DEMO_PANELS.map((panel, i) => (
        <DemoPanel key={i} {...panel} met={0} missed={0} stranded={0}>
          <div aria-hidden="true" style={{ height: chartHeight }} />
        </DemoPanel>
      ))}
      playing
      tick={0}
      duration={props.scenario.duration}
    />
  );
}
