/**
 * Start/stop, the input mode, the session's state, and every way to make a turn happen: a typed
 * user turn, a fixed text for the agent to say, a generated reply, an interrupt. A button is
 * enabled only when it can work in the live phase (session-phase.ts: Start while none runs, Stop
 * while one starts or runs, the turn verbs while one runs; nothing while disconnected — the
 * phase is re-read on every reconnect, so it is never stale). A misuse that still gets through
 * (the keyboard, an empty text, a session that ended in between) is said next to its control.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStudio } from '../../bridge/studio-context';
import type { InlineControl } from '../../store/notice-causes';
import { useStudioStore } from '../../store/studio-store';
import { commandLabel } from '../commands/command-labels';
import { shortcutLabel } from '../commands/menu-actions';
import { AudioControls, createMicRelay } from './AudioControls';
import { InputModeSelect } from './InputModeSelect';
import { SessionState } from './SessionState';
import { ShortcutHelp } from './ShortcutHelp';
import { controlStates } from '../shell/session-phase';
import { useLivePhase } from '../shell/use-phase-view';
import { useSessionShortcuts } from './use-session-shortcuts';
import './session-controls.css';

function withShortcut(title: string, action: 'start' | 'stop' | 'interrupt', web: boolean): string {
  const label = web ? shortcutLabel(action) : null;
  return label ? `${title} (${label})` : title;
}

/** Why the control's last use could not work; gone when it is used again or the phase changes. */
function InlineNote({ control }: { control: InlineControl }) {
  const note = useStudioStore((s) => s.inlineNotices[control]);
  const clear = useStudioStore((s) => s.clearInlineNotices);
  if (!note) return null;
  return (
    <span
      className="inline-notice"
      role="status"
      data-testid={`inline-notice-${control}`}
      data-code={note.code}
      data-seq={note.seq}
    >
      {note.message}{' '}
      <button
        type="button"
        className="link"
        aria-label="Dismiss"
        data-testid={`inline-notice-dismiss-${control}`}
        onClick={() => clear(control)}
      >
        ✕
      </button>
    </span>
  );
}

const PTT_TOOLTIP =
  'Push-to-talk: hold Space (outside text fields) to talk. In "Local microphone" mode the microphone sends audio only while Space is held; pressing it interrupts a speaking agent, and releasing it ends your turn at once.';

const PTT_TOGGLE_TITLE =
  'Push-to-talk: when on, a "Local microphone" session hears you only while you hold Space, and releasing Space ends your turn. Off: the mic is always open and the VAD decides when you speak.';

export function SessionControls() {
  const { actions, client } = useStudio();
  const live = useLivePhase();
  const can = controlStates(live.phase);
  const inFlight = useStudioStore((s) => s.inFlight);
  const outcome = useStudioStore((s) => s.lastOutcome);
  const [text, setText] = useState('');
  const [agentText, setAgentText] = useState('');
  const [force, setForce] = useState(false);
  const [mic] = useState(() => createMicRelay(client));
  const [pttEnabled, setPttEnabled] = useState(false);
  useEffect(() => mic.setPushToTalk(pttEnabled), [mic, pttEnabled]);
  const { pttActive, helpOpen, setHelpOpen } = useSessionShortcuts({
    enabled: pttEnabled,
    onPress: () => mic.pttPress(),
    onRelease: () => mic.pttRelease(),
  });
  const web = client.transport === 'websocket';

  const onSend = async (e: FormEvent) => {
    e.preventDefault();
    if (await actions.sendText(text)) setText('');
  };
  const onSay = async () => {
    if (await actions.say(agentText)) setAgentText('');
  };

  return (
    <section className="panel" data-testid="session-controls" aria-labelledby="session-controls-title">
      <div className="panel-title-row">
        <h2 id="session-controls-title">Session</h2>
        <button
          type="button"
          className="link"
          data-testid="shortcut-help-button"
          onClick={() => setHelpOpen(!helpOpen)}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="start-button"
          disabled={!can.start || inFlight.startSession !== undefined}
          onClick={() => void actions.start()}
          title={can.why.start ?? withShortcut('Start a session with the current config', 'start', web)}
        >
          Start
        </button>
        <button
          type="button"
          data-testid="stop-button"
          disabled={!can.stop || inFlight.stopSession !== undefined}
          onClick={() => void actions.stop()}
          title={can.why.stop ?? withShortcut('Stop the running session now', 'stop', web)}
        >
          Stop
        </button>
        <InputModeSelect />
        <InlineNote control="start" />
        <InlineNote control="stop" />
      </div>
      <SessionState />
      <AudioControls mic={mic} />
      <div className="button-row">
        <button
          type="button"
          data-testid="interrupt-button"
          disabled={!can.turn || inFlight.interrupt !== undefined}
          onClick={() => void actions.interrupt(force)}
          title={can.why.turn ?? withShortcut('Interrupt the agent’s current speech', 'interrupt', web)}
        >
          Interrupt
        </button>
        <label className="inline-check" title="Interrupt even a speech that does not allow interruptions">
          <input
            type="checkbox"
            data-testid="interrupt-force"
            checked={force}
            onChange={(e) => setForce(e.target.checked)}
          />
          force
        </label>
        <label className="inline-check" title={PTT_TOGGLE_TITLE}>
          <input
            type="checkbox"
            data-testid="ptt-toggle"
            checked={pttEnabled}
            onChange={(e) => setPttEnabled(e.target.checked)}
          />
          push-to-talk
        </label>
        {pttEnabled ? (
          <span
            className="ptt"
            data-testid="ptt-indicator"
            data-state={pttActive ? 'active' : 'idle'}
            title={PTT_TOOLTIP}
            aria-live="polite"
          >
            <span className="ptt-dot" />
            {pttActive ? 'talking' : 'PTT: hold Space'}
          </span>
        ) : null}
        <InlineNote control="interrupt" />
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
            disabled={!can.turn || inFlight.sendText !== undefined}
            title={can.why.turn ?? 'Send this as the user’s turn'}
          >
            Send
          </button>
        </div>
        <InlineNote control="send" />
      </form>
      <div className="text-turn">
        <label htmlFor="agent-text">Agent: text to say, or instructions for a reply</label>
        <textarea
          id="agent-text"
          data-testid="agent-text"
          rows={2}
          value={agentText}
          maxLength={10_000}
          placeholder="Hello! How can I help? — or — Answer in one sentence."
          onChange={(e) => setAgentText(e.target.value)}
        />
        <div className="button-row">
          <button
            type="button"
            data-testid="say-button"
            disabled={!can.turn || inFlight.say !== undefined}
            onClick={() => void onSay()}
            title={can.why.turn ?? 'The agent says exactly this text'}
          >
            Say
          </button>
          <button
            type="button"
            data-testid="generate-reply-button"
            disabled={!can.turn || inFlight.generateReply !== undefined}
            onClick={() => void actions.generateReply(agentText)}
            title={can.why.turn ?? 'The agent replies now; the text above, if any, is added as instructions'}
          >
            Generate reply
          </button>
          <InlineNote control="say" />
          <InlineNote control="generateReply" />
        </div>
      </div>
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
      {helpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null}
    </section>
  );
}
