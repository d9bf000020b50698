/**
 * Named presets on disk (main owns the directory). Save stores what the editor shows, once it is
 * valid; Load puts a preset into the editor as a draft to review and apply, so loading never
 * changes a running session by surprise.
 */
import { useState } from 'react';
import type { StudioConfig } from '../../../../shared/config';
import { PresetNameSchema } from '../../../../shared/studio-api';
import { useStudioStore } from '../../store/studio-store';
import type { ConfigActions } from './config-actions';

export function PresetBar({ actions, config }: { actions: ConfigActions; config: StudioConfig | null }) {
  const presets = useStudioStore((s) => s.presets);
  const busy = useStudioStore(
    (s) => s.inFlight.savePreset !== undefined || s.inFlight.loadPreset !== undefined,
  );
  const [name, setName] = useState('');
  const parsed = PresetNameSchema.safeParse(name);
  const nameError = name.trim() === '' ? null : parsed.success ? null : parsed.error.issues[0]?.message;

  const save = async () => {
    if (!parsed.success || !config) return;
    if (await actions.savePreset(parsed.data, config)) setName('');
  };

  return (
    <div className="preset-bar" data-testid="preset-bar">
      <h3>Presets</h3>
      <div className="input-row">
        <input
          type="text"
          aria-label="Preset name"
          placeholder="Preset name"
          data-testid="preset-name"
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameError !== null}
        />
        <button
          type="button"
          data-testid="preset-save"
          disabled={!parsed.success || !config || busy}
          onClick={() => void save()}
          title={config ? 'Save what the editor shows under this name' : 'Fix the invalid fields first'}
        >
          Save
        </button>
      </div>
      {nameError ? (
        <div className="field-error" data-testid="preset-name-error" role="alert">
          {nameError}
        </div>
      ) : null}
      {presets === null ? null : presets.length === 0 ? (
        <p className="muted" data-testid="preset-empty">
          No presets saved yet.
        </p>
      ) : (
        <ul className="preset-list" data-testid="preset-list">
          {presets.map((p) => (
            <li
              key={p.name}
              data-testid="preset-item"
              data-name={p.name}
              data-state={p.problem ? 'invalid' : 'ok'}
            >
              <span className="preset-name" title={p.savedAt ? `saved ${p.savedAt}` : undefined}>
                {p.name}
              </span>
              {p.problem ? (
                <span className="field-error" data-testid="preset-problem">
                  {p.problem}
                </span>
              ) : null}
              <span className="preset-actions">
                <button
                  type="button"
                  className="small"
                  data-testid="preset-load"
                  disabled={p.problem !== null || busy}
                  onClick={() => void actions.loadPreset(p.name)}
                  title="Load into the editor to review, then Apply"
                >
                  Load
                </button>
                <button
                  type="button"
                  className="small"
                  data-testid="preset-delete"
                  onClick={() => void actions.deletePreset(p.name)}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
