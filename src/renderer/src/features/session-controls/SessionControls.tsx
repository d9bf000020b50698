/**
 * Start, stop, interrupt and a typed user turn. Buttons stay enabled whenever main is reachable:
 * main's answer (including `not_available` or `no_session`) is the truth, and the error banner
 * says it, rather than the UI guessing from a status that may be stale.
 */
import { useState, type FormEvent } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { useStudioStore } from '../../store/studio-store';
import { commandLabel } from '../commands/command-labels';
import { shortcutLabel } from '../commands/menu-actions';

function withShortcut(title: string, action: 'start' | 'stop' | 'interrupt', web: boolean): string {
  const label = web ? shortcutLabel(action) : null;
  return label ? `${title} (${label})` : title;
}

export function SessionControls() {
  const { actions, client } = useStudio();
  const connected = useStudioStore((s) => s.connection.state === 'connected');
  const inFlight = useStudioStore((s) => s.inFlight);
  const outcome = useStudioStore((s) => s.lastOutcome);
  const [text, setText] = useState('');
  const web = client.transport === 'websocket';

  const onSend = async (e: FormEvent) => {
    e.preventDefault();
    if (await actions.sendText(text)) setText('');
  };

  return (
    <section className="panel" data-testid="session-controls" aria-labelledby="session-controls-title">
      <h2 id="session-controls-title">Session</h2>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="start-button"
          disabled={!connected || inFlight.startSession !== undefined}
          onClick={() => void actions.start()}
          title={withShortcut('Start a session with the current config', 'start', web)}
        >
          Start
        </button>
        <button
          type="button"
          data-testid="stop-button"
          disabled={!connected || inFlight.stopSession !== undefined}
          onClick={() => void actions.stop()}
          title={withShortcut('Stop the running session, draining it first', 'stop', web)}
        >
          Stop
        </button>
        <button
          type="button"
          data-testid="interrupt-button"
          disabled={!connected || inFlight.interrupt !== undefined}
          onClick={() => void actions.interrupt()}
          title={withShortcut('Interrupt the agent’s current speech', 'interrupt', web)}
        >
          Interrupt
        </button>
      </div>
      <form className="text-turn" onSubmit={(e) => void onSend(e)}>
        <label htmlFor="text-input">Type a user turn</label>
        <div className="input-row">
          <input
            id="text-input"
            data-testid="text-input"
            type="text"
            value={text}
            maxLength={10_000}
            placeholder="Say something to the agent…"
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="submit"
            data-testid="send-button"
            disabled={!connected || inFlight.sendText !== undefined}
          >
            Send
          </button>
        </div>
      </form>
      <output
        className="outcome muted"
        data-testid="last-outcome"
        data-seq={outcome?.seq ?? 0}
        data-ok={outcome ? String(outcome.ok) : undefined}
      >
        {outcome
          ? `${commandLabel(outcome.command)}: ${outcome.ok ? 'done' : `failed (${outcome.code})`}`
          : 'No command sent yet.'}
      </output>
    </section>
  );
}
