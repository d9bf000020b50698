/** The left pane's future config editor, generated from the shared config schema. */
export function ConfigPlaceholder() {
  return (
    <section className="panel placeholder" data-testid="config-placeholder" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <p className="muted">
        The config editor lands in a later issue: session options, agent and providers, validated by the
        studio.
      </p>
    </section>
  );
}
