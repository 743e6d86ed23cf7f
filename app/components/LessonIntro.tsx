import type { Scenario } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import { LessonMarkdown } from './LessonMarkdown';
import { RuleGlossary, RuleText } from './RuleText';

/** A level's opening: what it teaches, its goals, and the machine it runs on. Rule codes (R2, P1…) link to a glossary in plain words. */
export function LessonIntro({ scenario, kicker, heading = 'h1', large, soloKeys = true }: {
  scenario: Scenario;
  kicker?: string;
  /** h2 where the page has its own h1 (a classroom lobby). */
  heading?: 'h1' | 'h2';
  /** Projector: larger type. */
  large?: boolean;
  /** Solo play's keys (pause, step, speed); a classroom round's clock is the host's. */
  soloKeys?: boolean;
}) {
  const goals = scenario.goals?.text ?? [];
  const H = heading;
  return (
    <section aria-labelledby="lesson-title" className={`rounded-xl border border-line bg-panel p-5 ${large ? 'text-xl' : ''}`} data-testid="lesson">
      {kicker && <p className="text-xs font-semibold uppercase tracking-wide text-oi-sky"><RuleText text={kicker} /></p>}
      <H id="lesson-title" className={`mt-1 font-bold ${large ? 'text-4xl' : 'text-2xl'}`}>{scenario.title}</H>
      {scenario.summary && <p className="mt-2 text-muted"><RuleText text={scenario.summary} /></p>}
      {scenario.lesson && (
        <LessonMarkdown source={scenario.lesson} topHeading={heading === 'h1' ? 2 : 3} text={(t) => <RuleText text={t} />} testId="lesson-text" className="mt-3 max-w-4xl" />
      )}
      {goals.length > 0 && (
        <>
          <h2 className="mt-4 font-semibold">Goals</h2>
          <ul className="mt-1 list-disc pl-5 text-sm">{goals.map((g) => <li key={g}><RuleText text={g} /></li>)}</ul>
        </>
      )}
      <RuleGlossary texts={[kicker ?? '', scenario.summary ?? '', scenario.lesson ?? '', ...goals]} />
      <p className="mt-4 text-xs text-muted">
        {scenario.cpus} CPU{scenario.cpus === 1 ? '' : 's'} · {scenario.tasks.length} task{scenario.tasks.length === 1 ? '' : 's'} · {scenario.duration} ticks ·{' '}
        {scenario.class === 'edf' ? 'earliest deadline first' : 'fixed priority (SCHED_FIFO)'} · {scenario.mdMode === 'preempt_disable' ? 'sections are preempt_disable()' : 'sections are migrate_disable()'} ·
        when you do not act: {BOT_LABEL[scenario.balancer]}
      </p>
      <p className="mt-2 text-xs text-muted">
        How to play: drag a task chip onto a CPU, or select it (click or Enter) and type the CPU&apos;s number
        {scenario.cpus > 10 && <> (two digits from CPU 10: 1 then 2 is CPU 12; 1 then Enter is CPU 1)</>}. Tasks in &ldquo;Waking soon&rdquo; can be placed before they wake.
        {soloKeys && ' P pauses, N steps one tick, E runs to your next decision, [ and ] change the speed.'}
      </p>
    </section>
  );
}
