/**
 * The config editor: a form generated from the shared StudioConfigSchema and validated by it on
 * every keystroke, so an invalid value is shown at its field and Apply cannot send it. Apply
 * calls updateConfig; main answers which fields changed hot and which wait for a restart.
 * Switching a provider away and back restores its settings (config-form.ts switchVariant);
 * "Reset to defaults" and "Reset to demo" load a whole config as a draft to review and apply.
 */
import { useEffect, useMemo } from 'react';
import { StudioConfigSchema, type StudioConfig } from '../../../../shared/config';
import type { DraftKind } from '../../store/config-slice';
import { useStudioStore } from '../../store/studio-store';
import { buildForm, editField, ownerOf, sameConfig, switchVariant, textOf, valueAt } from './config-form';
import { groupSections, OPEN_SECTIONS } from './config-sections';
import { ConfigField } from './ConfigField';
import { PresetBar } from './PresetBar';
import { useConfigActions } from './use-config-actions';
import './config.css';

/** What the status line calls a draft loaded from a whole config. */
const DRAFT_LABEL: Record<DraftKind, (source: string) => string> = {
  preset: (name) => `Preset “${name}” loaded`,
  defaults: () => 'Defaults loaded',
  demo: () => 'Demo config loaded',
};

/** The input mode is the session controls' selector; the editor never changes it. */
const EXCLUDE = ['inputMode'] as const;

function ApplyResult() {
  const last = useStudioStore((s) => s.lastApply);
  if (!last) return null;
  return (
    <div className="apply-result" data-testid="config-apply-result" data-seq={last.seq}>
      {last.applied.length === 0 && last.requiresRestart.length === 0 ? (
        <span className="muted">Nothing changed.</span>
      ) : null}
      {last.applied.length > 0 ? (
        <div>
          <span className="badge badge-ok">applied</span>
          <span className="mono" data-testid="config-applied">
            {last.applied.join(', ')}
          </span>
        </div>
      ) : null}
      {last.requiresRestart.length > 0 ? (
        <div>
          <span className="badge badge-warn">needs restart</span>
          <span className="mono" data-testid="config-requires-restart">
            {last.requiresRestart.join(', ')}
          </span>
        </div>
      ) : null}
    </div>
  );
}

export function ConfigEditor() {
  const actions = useConfigActions();
  const connected = useStudioStore((s) => s.connection.state === 'connected');
  const studioConfig = useStudioStore((s) => s.studioConfig);
  const draftBase = useStudioStore((s) => s.configDraftBase);
  const draftSource = useStudioStore((s) => s.configDraftSource);
  const draftKind = useStudioStore((s) => s.configDraftKind);
  const demoConfig = useStudioStore((s) => s.demoConfig);
  const edits = useStudioStore((s) => s.configEdits);
  const variantDrafts = useStudioStore((s) => s.configVariantDrafts);
  const serverError = useStudioStore((s) => s.configServerError);
  const setEdits = useStudioStore((s) => s.setConfigEdits);
  const resetDraft = useStudioStore((s) => s.resetConfigDraft);
  const applying = useStudioStore((s) => s.inFlight.updateConfig !== undefined);

  // Main's config is the truth: re-read it whenever the connection (re)opens, and whenever a
  // session starts or ends (a scenario brings its own options, agent and tools).
  const sessionKey = useStudioStore((s) => `${s.status?.sessionId ?? ''}:${s.status?.phase ?? ''}`);
  useEffect(() => {
    if (!connected) return;
    void actions.refresh();
  }, [connected, actions, sessionKey]);
  useEffect(() => {
    if (connected) void actions.listPresets();
  }, [connected, actions]);

  const form = useMemo(
    () =>
      draftBase ? buildForm(StudioConfigSchema, draftBase, edits, { exclude: EXCLUDE }, variantDrafts) : null,
    [draftBase, edits, variantDrafts],
  );
  const candidate: StudioConfig | null =
    form?.config && studioConfig ? { ...form.config, inputMode: studioConfig.inputMode } : null;
  const dirty =
    form !== null && studioConfig !== null && (candidate === null || !sameConfig(candidate, studioConfig));
  const sections = useMemo(() => (form ? groupSections(form.fields) : []), [form]);

  // An error main found that the form did not (it should be rare) goes to its field too.
  const serverOwner = serverError?.field && form ? ownerOf(form.fields, serverError.field) : null;
  const errorFor = (path: string) =>
    form?.errors[path] ??
    (serverOwner?.field.path === path ? (serverError?.message ?? undefined) : undefined);

  const errorCount = form ? Object.keys(form.errors).length + form.formErrors.length : 0;
  const status = !form
    ? 'Loading the studio’s config…'
    : errorCount > 0
      ? `${errorCount} invalid ${errorCount === 1 ? 'field' : 'fields'}: fix ${errorCount === 1 ? 'it' : 'them'} to apply`
      : draftSource
        ? `${DRAFT_LABEL[draftKind ?? 'preset'](draftSource)}: review, then Apply`
        : dirty
          ? 'Unsaved changes'
          : 'In sync with the studio';

  return (
    <section className="panel config-editor" data-testid="config-editor" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <p
        className={`config-status${errorCount > 0 ? ' field-error' : ' muted'}`}
        data-testid="config-status"
        data-dirty={String(dirty)}
        data-valid={String(errorCount === 0)}
      >
        {status}
      </p>
      <div className="button-row config-actions">
        <button
          type="button"
          className="primary"
          data-testid="config-apply"
          disabled={!candidate || !dirty || applying}
          onClick={() => candidate && void actions.apply(candidate)}
          title={
            candidate
              ? 'Send to the studio: hot fields apply to the running session now'
              : 'Fix the invalid fields first'
          }
        >
          Apply
        </button>
        <button
          type="button"
          data-testid="config-reset"
          disabled={!dirty && !draftSource}
          onClick={() => resetDraft()}
        >
          Discard changes
        </button>
        <button
          type="button"
          data-testid="config-reset-defaults"
          onClick={() => actions.resetToDefaults()}
          title="Load every setting’s default into the editor (the input mode stays); review, then Apply"
        >
          Reset to defaults
        </button>
        <button
          type="button"
          data-testid="config-reset-demo"
          disabled={!demoConfig}
          onClick={() => actions.resetToDemo()}
          title={
            demoConfig
              ? 'Load the embedded demo’s config into the editor; review, then Apply'
              : demoConfig === null
                ? 'This installation has no demo config (resources/demo/demo-config.json)'
                : 'Loading the studio’s state…'
          }
        >
          Reset to demo
        </button>
      </div>
      <ApplyResult />
      {form?.formErrors.length || (serverError && !serverOwner) ? (
        <div className="field-error" data-testid="config-form-error" role="alert">
          {[...(form?.formErrors ?? []), ...(serverError && !serverOwner ? [serverError.message] : [])].join(
            '; ',
          )}
        </div>
      ) : null}
      {form && studioConfig
        ? sections.map((section) => (
            <details
              key={section.key}
              className="config-section"
              open={OPEN_SECTIONS.has(section.key)}
              data-testid={`config-section-${section.key}`}
            >
              <summary>{section.title}</summary>
              {section.fields.map((f) => (
                <ConfigField
                  key={f.path}
                  field={f}
                  text={form.texts[f.path] ?? ''}
                  error={errorFor(f.path)}
                  changed={form.texts[f.path] !== textOf(f, valueAt(studioConfig, f.segments))}
                  onChange={(text) => {
                    if (!f.variantDefaults) return setEdits(editField(edits, f, text));
                    // A provider switched away keeps its settings for when it is picked again.
                    const next = switchVariant(form, edits, variantDrafts, f, text);
                    setEdits(next.edits, next.drafts);
                  }}
                />
              ))}
            </details>
          ))
        : null}
      <PresetBar actions={actions} config={candidate} />
    </section>
  );
}
