import Link from 'next/link';
import { loadScenario } from '../server/engine';
import { builtinBySlug } from '../server/engine/levels';
import { SOLUTIONS } from '../server/engine/levels/solutions';
import { PileUpDemoLazy } from './components/PileUpDemoLazy';

const pileUp = loadScenario(builtinBySlug('pile-up'));

export default function Landing() {
  const cta = 'rounded-lg px-5 py-3 text-center font-semibold';
  return (
    <div className="flex flex-col gap-10">
      <section className="grid items-start gap-8 lg:grid-cols-[1.1fr_1fr]">
        <div className="flex flex-col gap-4">
          <h1 className="text-4xl font-extrabold tracking-tight">You are the load balancer.</h1>
          <p className="text-lg text-muted">
            Real-time tasks wake up on CPUs and race their deadlines. Some of them sit in <code className="text-fg">migrate_disable()</code>{' '}
            sections: they may be preempted, but they cannot leave their CPU. Move the others in time, or watch them pile up.
          </p>
          <ol className="grid gap-2 text-sm sm:grid-cols-3">
            <li className="rounded-lg border border-line bg-panel p-3"><strong className="block text-oi-sky">1. Pinned</strong>A task inside <code>migrate_disable()</code> stays on its CPU (the lock on its chip).</li>
            <li className="rounded-lg border border-line bg-panel p-3"><strong className="block text-oi-orange">2. Piled up</strong>Higher-priority wakers preempt it there, one on top of another, while other CPUs idle.</li>
            <li className="rounded-lg border border-line bg-panel p-3"><strong className="block text-oi-green">3. Your move</strong>Drag the movable tasks to idle CPUs before deadlines pass. Beat the kernel&apos;s rules.</li>
          </ol>
          <div className="flex flex-wrap gap-3">
            <Link href="/campaign" className={`${cta} bg-oi-green text-ink`}>Play the campaign</Link>
            <Link href="/daily" className={`${cta} bg-oi-sky text-black`}>Daily challenge</Link>
            <Link href="/host" className={`${cta} border border-line bg-panel2`}>Host a class</Link>
            <Link href="/join" className={`${cta} border border-line bg-panel2`}>Join a class</Link>
            <Link href="/leaderboard" className={`${cta} border border-line bg-panel2`}>Leaderboards</Link>
          </div>
        </div>
        <figure className="rounded-xl border border-line bg-panel p-5">
          <blockquote className="space-y-3 border-l-4 border-oi-orange pl-4 text-sm leading-relaxed">
            <p>“migrate_disable() wrecks pretty much all Real-Time scheduler theory we have […]”</p>
            <p>“with migrate_disable() we can have each task preempted in a migrate_disable() region, worse we can stack them all on the _same_ CPU […]. And then we end up only able to run one task, with the rest of the CPUs picking their nose.”</p>
            <p>“There might be scheduling (read: balancing) schemes that can mitigate/solve this problem, or it might prove to be a &apos;hard&apos; problem, I just don&apos;t know.”</p>
          </blockquote>
          <figcaption className="mt-3 text-xs text-muted">
            Peter Zijlstra on the Linux kernel mailing list, 23 September 2020 (“Re: [patch RFC 00/15] mm/highmem: Provide a preemptible variant of kmap_atomic &amp; friends”).
            Linux 5.11 answered in part: push the preemptor away. This game lets you try to do better.
          </figcaption>
        </figure>
      </section>
      <section aria-labelledby="demo-title" className="flex flex-col gap-3">
        <h2 id="demo-title" className="text-2xl font-bold">The pile-up, live</h2>
        <p className="text-sm text-muted">
          Four tasks wake one after another on CPU 0, each preempting one that is inside a migrate_disable() section. Left: the Linux 5.11 balancer alone.
          Right: the same tasks, with each waker sent to an idle CPU as it wakes. Both are simulated right here by the game&apos;s engine.
        </p>
        <PileUpDemoLazy scenario={pileUp} solution={SOLUTIONS['pile-up'] ?? []} />
      </section>
    </div>
  );
}
