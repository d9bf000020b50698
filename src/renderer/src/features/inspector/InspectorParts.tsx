/**
 * Small pieces every inspector uses: a Copy button, a text cut at the view limit with "show
 * all", a JSON view of any value, and a guard that shows raw JSON when a view cannot render.
 */
import { Component, useState, type ReactNode } from 'react';
import { copyText } from './clipboard';
import { clipLongStrings, clipText, safeJson, VIEW_TEXT_LIMIT } from './json-view';
import { formatChars } from './number-format';

export function CopyButton({
  text,
  label = 'Copy',
  testId = 'copy-json',
}: {
  text: () => string;
  label?: string;
  testId?: string;
}) {
  const [state, setState] = useState<{ kind: 'idle' | 'copied' | 'failed'; message?: string }>({
    kind: 'idle',
  });
  const onClick = () => {
    void copyText(text()).then((r) =>
      setState(r.ok ? { kind: 'copied' } : { kind: 'failed', message: `Not copied: ${r.error}` }),
    );
  };
  return (
    <span className="copy-button">
      <button type="button" data-testid={testId} data-state={state.kind} onClick={onClick}>
        {state.kind === 'copied' ? 'Copied' : label}
      </button>
      {state.kind === 'failed' ? (
        <span role="alert" className="inspect-error">
          {state.message}
        </span>
      ) : null}
    </span>
  );
}

/** A long text (tool output, chat message) cut at the view limit, with "show all". */
export function ClippedText({
  text,
  limit = VIEW_TEXT_LIMIT,
  testId,
}: {
  text: string;
  limit?: number;
  testId?: string;
}) {
  const [all, setAll] = useState(false);
  const clip = clipText(text, limit);
  return (
    <div className="clipped-text" data-testid={testId} data-hidden={all ? 0 : clip.hidden}>
      <pre className="inspect-pre">{all ? text : clip.shown}</pre>
      {clip.hidden > 0 ? (
        <button type="button" className="link-button" data-testid="show-all" onClick={() => setAll(!all)}>
          {all ? 'show less' : `… show all (${formatChars(clip.hidden)} more)`}
        </button>
      ) : null}
    </div>
  );
}

/** Any value as pretty JSON: long strings cut until "show all", the whole JSON copyable. */
export function JsonView({ value, testId = 'json-view' }: { value: unknown; testId?: string }) {
  const [all, setAll] = useState(false);
  const clipped = clipLongStrings(value);
  const shown = safeJson(all ? value : clipped.value);
  return (
    <div className="json-view">
      <div className="inspect-actions">
        <CopyButton text={() => safeJson(value).text} />
        {clipped.clipped > 0 ? (
          <button
            type="button"
            className="link-button"
            data-testid="json-show-all"
            onClick={() => setAll(!all)}
          >
            {all
              ? 'show less'
              : `show all (${clipped.clipped} long text${clipped.clipped === 1 ? '' : 's'} cut)`}
          </button>
        ) : null}
      </div>
      {shown.error ? (
        <p className="inspect-error" role="alert">
          Not expressible as JSON ({shown.error}); shown as text.
        </p>
      ) : null}
      <pre className="inspect-pre" data-testid={testId}>
        {shown.text}
      </pre>
    </div>
  );
}

/** An event this studio has no view for (a newer recording's type): its raw JSON, said so. */
export function UnknownEvent({ value }: { value: unknown }) {
  const type = value && typeof value === 'object' ? String((value as { type?: unknown }).type) : typeof value;
  return (
    <div data-testid="inspector-raw-fallback">
      <p className="muted">No view for “{type}”: its raw JSON.</p>
      <JsonView value={value} />
    </div>
  );
}

/**
 * Renders `children`; if they throw (an event of unexpected shape) or the value is not `known`,
 * the raw JSON instead.
 */
export class RenderGuard extends Component<
  { value: unknown; known?: boolean; children: ReactNode },
  { error: string | null }
> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }

  override componentDidUpdate(prev: { value: unknown }) {
    if (prev.value !== this.props.value && this.state.error !== null) this.setState({ error: null });
  }

  override render() {
    if (this.state.error === null && this.props.known !== false) return this.props.children;
    if (this.state.error === null) return <UnknownEvent value={this.props.value} />;
    return (
      <div data-testid="inspector-raw-fallback">
        <p className="inspect-error">This view could not render it ({this.state.error}): its raw JSON.</p>
        <JsonView value={this.props.value} />
      </div>
    );
  }
}

/** A label: value row of an inspector summary. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}
