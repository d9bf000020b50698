/**
 * Jump links over the center pane: the timeline is taller than a 720 px window, and the wheel
 * over it zooms rather than scrolls, so the latency waterfall and the charts below it are one
 * click away rather than a hunt for the scrollbar.
 */
const SECTIONS = [
  { testId: 'timeline', label: 'Timeline' },
  { testId: 'latency-waterfall', label: 'Latency per turn' },
  { testId: 'metrics-charts', label: 'Charts' },
] as const;

export function CenterNav() {
  const jump = (testId: string) => {
    const target = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    target?.scrollIntoView({ block: 'start' });
  };
  return (
    <nav className="center-nav" aria-label="Center pane sections" data-testid="center-nav">
      {SECTIONS.map((s) => (
        <button
          key={s.testId}
          type="button"
          data-testid={`center-nav-${s.testId}`}
          onClick={() => jump(s.testId)}
        >
          {s.label}
        </button>
      ))}
    </nav>
  );
}
