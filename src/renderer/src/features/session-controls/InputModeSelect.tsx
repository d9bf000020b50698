/**
 * Where the user's side of the conversation comes from. The mode is part of main's config, so
 * the menu's Start, the shortcut and the button all start in the mode shown here; a mode main
 * cannot run yet is refused by main at start, and its message is what the user sees.
 */
import type { InputMode } from '../../../../shared/config';
import { useStudioStore } from '../../store/studio-store';
import { useConfigActions } from '../config/use-config-actions';

export const INPUT_MODES: readonly { mode: InputMode; label: string; detail: string }[] = [
  {
    mode: 'microphone',
    label: 'Local microphone',
    detail: 'Your microphone, through this computer’s audio input',
  },
  { mode: 'livekit', label: 'LiveKit room', detail: 'A participant in a LiveKit room' },
  {
    mode: 'simulated',
    label: 'Simulated caller',
    detail: 'A scripted caller speaks a scenario’s turns (the demo by default)',
  },
  { mode: 'text', label: 'Text only', detail: 'No audio input: type the user’s turns' },
];

export function InputModeSelect() {
  const actions = useConfigActions();
  const mode = useStudioStore((s) => s.studioConfig?.inputMode ?? null);
  const running = useStudioStore((s) => s.status?.phase === 'running');
  const busy = useStudioStore((s) => s.inFlight.updateConfig !== undefined);
  const pendingRestart = useStudioStore((s) => s.lastApply?.requiresRestart.includes('inputMode') ?? false);
  const detail = INPUT_MODES.find((m) => m.mode === mode)?.detail;
  return (
    <div className="input-mode">
      <label htmlFor="input-mode-select">Input</label>
      <select
        id="input-mode-select"
        data-testid="input-mode-select"
        value={mode ?? ''}
        disabled={mode === null || busy}
        title={detail}
        onChange={(e) => void actions.setInputMode(e.target.value as InputMode)}
      >
        {mode === null ? <option value="">loading…</option> : null}
        {INPUT_MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      {running && pendingRestart ? (
        <span className="muted" data-testid="input-mode-restart">
          applies at the next start
        </span>
      ) : null}
    </div>
  );
}
