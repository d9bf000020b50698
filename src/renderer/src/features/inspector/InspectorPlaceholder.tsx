/** The right pane's future home: details of whatever is selected on the timeline. */
export function InspectorPlaceholder() {
  return (
    <section
      className="panel placeholder"
      data-testid="inspector-placeholder"
      aria-labelledby="inspector-title"
    >
      <h2 id="inspector-title">Inspector</h2>
      <p className="muted">
        Selecting an event, speech or tool call on the timeline will show its details here.
      </p>
    </section>
  );
}
