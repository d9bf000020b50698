/** The config editor switches the session between a pipeline LLM and a realtime model (issue 12 point 3). */
import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../../shared/config';
import { buildForm, editField, switchVariant, type VariantDrafts } from './config-form';

const script = StudioConfigSchema.parse({
  providers: { llm: { provider: 'simulated', responses: [{ input: 'weather', content: 'Sunny.' }] } },
});
const build = (b: unknown, edits: Record<string, string>, drafts: VariantDrafts = {}) =>
  buildForm(StudioConfigSchema, b, edits, { exclude: ['inputMode'] }, drafts);
const fieldOf = (form: ReturnType<typeof build>, path: string) => {
  const f = form.fields.find((x) => x.path === path);
  if (!f) throw new Error(`no field ${path}: ${form.fields.map((x) => x.path).join(', ')}`);
  return f;
};

describe('pipeline or realtime in the config editor', () => {
  it('offers the realtime model next to the pipeline LLMs, with its own fields', () => {
    let form = build(script, {});
    const provider = fieldOf(form, 'providers.llm.provider');
    expect(provider.choices).toEqual(expect.arrayContaining(['simulated', 'openai', 'openai-realtime']));
    const { edits, drafts } = switchVariant(form, {}, {}, provider, 'openai-realtime');
    form = build(script, edits, drafts);
    expect(form.config?.providers.llm).toMatchObject({
      provider: 'openai-realtime',
      model: 'gpt-realtime',
      turnDetection: { type: 'server_vad' },
    });
    const paths = form.fields.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'providers.llm.voice',
        'providers.llm.modalities',
        'providers.llm.inputTranscriptionModel',
      ]),
    );
    // Pipeline-only settings are not offered on the realtime entry.
    expect(paths).not.toContain('providers.llm.responses');
    expect(paths).not.toContain('providers.llm.temperature');
  });

  it('switching to realtime and back restores the script, and back again the realtime settings', () => {
    let form = build(script, {});
    let edits: Record<string, string> = {};
    let drafts: VariantDrafts = {};
    ({ edits, drafts } = switchVariant(
      form,
      edits,
      drafts,
      fieldOf(form, 'providers.llm.provider'),
      'openai-realtime',
    ));
    form = build(script, edits, drafts);
    edits = editField(edits, fieldOf(form, 'providers.llm.voice'), 'cedar');
    form = build(script, edits, drafts);
    ({ edits, drafts } = switchVariant(
      form,
      edits,
      drafts,
      fieldOf(form, 'providers.llm.provider'),
      'simulated',
    ));
    form = build(script, edits, drafts);
    expect(form.config?.providers.llm).toMatchObject({
      responses: [{ input: 'weather', content: 'Sunny.' }],
    });
    ({ edits, drafts } = switchVariant(
      form,
      edits,
      drafts,
      fieldOf(form, 'providers.llm.provider'),
      'openai-realtime',
    ));
    form = build(script, edits, drafts);
    expect(form.config?.providers.llm).toMatchObject({ provider: 'openai-realtime', voice: 'cedar' });
  });

  it('shows an option that does not apply to a realtime session at its own field', () => {
    const realtime = StudioConfigSchema.parse({ providers: { llm: { provider: 'openai-realtime' } } });
    const form = build(realtime, { 'options.allowInterruptions': 'false', 'options.turnDetection': 'stt' });
    expect(form.config).toBeNull();
    expect(form.errors['options.allowInterruptions']).toMatch(/server-side turn detection/);
    expect(form.errors['options.turnDetection']).toMatch(/"stt" applies to pipelines only/);
    // Turning the server's turn detection off makes an uninterruptible agent valid again.
    const off = build(realtime, {
      'options.allowInterruptions': 'false',
      'providers.llm.turnDetection.type': 'null',
    });
    expect(off.errors).toEqual({});
    expect(off.config?.providers.llm).toMatchObject({ turnDetection: null });
  });

  it('turns server turn detection off and on with its selector, keeping its thresholds', () => {
    const realtime = StudioConfigSchema.parse({
      providers: {
        llm: { provider: 'openai-realtime', turnDetection: { type: 'server_vad', threshold: 0.7 } },
      },
    });
    let form = build(realtime, {});
    const selector = () => fieldOf(form, 'providers.llm.turnDetection.type');
    expect(selector().choices).toEqual(['server_vad', 'semantic_vad', 'null']);
    let edits: Record<string, string> = {};
    let drafts: VariantDrafts = {};
    ({ edits, drafts } = switchVariant(form, edits, drafts, selector(), 'null'));
    form = build(realtime, edits, drafts);
    expect(form.config?.providers.llm).toMatchObject({ turnDetection: null });
    expect(form.texts['providers.llm.turnDetection.type']).toBe('null');
    expect(form.fields.map((f) => f.path)).not.toContain('providers.llm.turnDetection.threshold');
    // Applied with no server VAD, the selector still says so and switches back to the thresholds.
    const applied = form.config!;
    form = build(applied, {}, drafts);
    expect(form.texts['providers.llm.turnDetection.type']).toBe('null');
    ({ edits, drafts } = switchVariant(form, {}, drafts, selector(), 'server_vad'));
    form = build(applied, edits, drafts);
    expect(form.config?.providers.llm).toMatchObject({
      turnDetection: { type: 'server_vad', threshold: 0.7 },
    });
  });
});
