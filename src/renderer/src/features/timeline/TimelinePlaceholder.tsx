/** The center pane's future home. It says what will be here and shows nothing invented. */
export function TimelinePlaceholder() {
  return (
    <section className="panel placeholder" data-testid="timeline-placeholder" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <p className="placeholder-lead">Timeline lands with the engine.</p>
      <p className="muted">
        User and agent state lanes, the speech queue, interruptions, tool calls and per-turn latency will be drawn here
        from the engine’s events as they arrive.
      </p>
    </section>
  );
}
