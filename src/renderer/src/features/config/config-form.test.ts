import { describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfig } from '../../../../shared/config';
import { fieldsFor } from './config-fields';
import {
  buildForm,
  editField,
  ownerOf,
  parseText,
  sameConfig,
  switchVariant,
  type VariantDrafts,
} from './config-form';

const base: StudioConfig = StudioConfigSchema.parse({});
const form = (edits: Record<string, string>, b: unknown = base) =>
  buildForm(StudioConfigSchema, b, edits, { exclude: ['inputMode'] });
const field = (path: string) => {
  const f = fieldsFor(StudioConfigSchema, base, {}).find((x) => x.path === path);
  if (!f) throw new Error(`no field ${path}`);
  return f;
};

describe('config fields from the schema', () => {
  it('covers session options, agent, tools and providers with the right input kinds', () => {
    const fields = fieldsFor(StudioConfigSchema, base, { exclude: ['inputMode'] });
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('options.minEndpointingDelayMs')).toMatchObject({
      kind: 'number',
      min: 0,
      section: 'options',
      label: 'minEndpointingDelayMs',
    });
    expect(byPath.get('options.allowInterruptions')?.kind).toBe('boolean');
    expect(byPath.get('options.falseInterruptionTimeoutMs')).toMatchObject({
      kind: 'number',
      nullable: true,
    });
    expect(byPath.get('options.turnDetection')).toMatchObject({
      kind: 'enum',
      nullable: true,
      choices: ['vad', 'stt', 'manual', 'realtime_llm'],
    });
    expect(byPath.get('options.maxToolSteps')).toMatchObject({ integer: true, min: 1, max: null });
    expect(byPath.get('agent.instructions')).toMatchObject({ kind: 'string', multiline: true });
    expect(byPath.get('agent.tools')?.kind).toBe('json');
    expect(byPath.get('agent.overrides.allowInterruptions')).toMatchObject({
      kind: 'boolean',
      optional: true,
    });
    expect(byPath.get('providers.llm.provider')).toMatchObject({
      kind: 'enum',
      choices: ['simulated', 'openai', 'openai-realtime'],
    });
    expect(byPath.get('providers.tts.provider')?.choices).toContain('local');
    expect(byPath.has('inputMode')).toBe(false);
    // Every field has a unique path, so every error has one place to go.
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
  });

  it('shows the chosen variant’s fields: model, voice, base URL once a provider is openai', () => {
    const f = form({ 'providers.llm.provider': 'openai' });
    const paths = f.fields.map((x) => x.path);
    expect(paths).toContain('providers.llm.model');
    expect(paths).toContain('providers.llm.baseURL');
    expect(paths).not.toContain('providers.llm.fallbackReply');
    expect(f.texts['providers.llm.model']).toBe('gpt-4o-mini');
    expect(f.config?.providers.llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });
});

describe('config form validation', () => {
  it('puts the schema message next to an invalid field and yields no config to send', () => {
    const f = form({ 'options.minEndpointingDelayMs': '-5' });
    expect(f.errors['options.minEndpointingDelayMs']).toMatch(/>=\s*0/);
    expect(f.config).toBeNull();
    expect(f.texts['options.minEndpointingDelayMs']).toBe('-5');
  });

  it('reports text that is not a number, and cross-field rules at the field the schema names', () => {
    expect(form({ 'options.minEndpointingDelayMs': 'abc' }).errors['options.minEndpointingDelayMs']).toBe(
      'Not a number: abc',
    );
    const f = form({ 'options.minEndpointingDelayMs': '7000' });
    expect(f.errors['options.maxEndpointingDelayMs']).toMatch(
      /maxEndpointingDelayMs must be >= minEndpointingDelayMs/,
    );
  });

  it('a valid edit produces the config to apply, with defaults filled in', () => {
    const f = form({ 'options.minEndpointingDelayMs': '800', 'agent.instructions': 'Be brief.' });
    expect(f.errors).toEqual({});
    expect(f.config?.options.minEndpointingDelayMs).toBe(800);
    expect(f.config?.agent.instructions).toBe('Be brief.');
    expect(sameConfig(f.config, base)).toBe(false);
    expect(sameConfig(form({}).config, base)).toBe(true);
  });

  it('treats empty as null or unset where the schema allows it', () => {
    const f = form({
      'options.falseInterruptionTimeoutMs': '',
      'options.turnDetection': '',
      'agent.overrides.allowInterruptions': 'false',
    });
    expect(f.config?.options.falseInterruptionTimeoutMs).toBeNull();
    expect(f.config?.options.turnDetection).toBeNull();
    expect(f.config?.agent.overrides).toEqual({ allowInterruptions: false });
    expect(form({ 'options.minEndpointingDelayMs': ' ' }).errors['options.minEndpointingDelayMs']).toBe(
      'Enter a number',
    );
  });

  it('validates tools as JSON and says which element is wrong', () => {
    expect(form({ 'agent.tools': '[{' }).errors['agent.tools']).toMatch(/^Invalid JSON/);
    const bad = form({ 'agent.tools': JSON.stringify([{ name: 'has space' }]) });
    expect(bad.errors['agent.tools']).toMatch(/^\[0\]\.name: letters, digits/);
    const good = form({ 'agent.tools': JSON.stringify([{ name: 'get_weather', result: 'sunny' }]) });
    expect(good.config?.agent.tools[0]).toMatchObject({ name: 'get_weather', result: 'sunny', delayMs: 0 });
  });

  it('validates a base URL only when one is given', () => {
    const withUrl = form({ 'providers.llm.provider': 'openai', 'providers.llm.baseURL': 'not a url' });
    expect(withUrl.errors['providers.llm.baseURL']).toBeDefined();
    expect(
      form({ 'providers.llm.provider': 'openai', 'providers.llm.baseURL': '' }).config?.providers.llm,
    ).not.toHaveProperty('baseURL');
  });

  it('switching a provider forgets the old variant’s edits', () => {
    const model = field('providers.llm.provider');
    let edits = editField({}, model, 'openai');
    edits = editField(
      edits,
      {
        ...model,
        path: 'providers.llm.model',
        variantDefaults: null,
        segments: ['providers', 'llm', 'model'],
      },
      'gpt-x',
    );
    edits = editField(edits, model, 'simulated');
    expect(edits).toEqual({ 'providers.llm.provider': 'simulated' });
  });
});

describe('switching a provider away and back', () => {
  const script = StudioConfigSchema.parse({
    providers: {
      llm: {
        provider: 'simulated',
        ttftMs: 300,
        responses: [{ input: 'weather', content: 'Sunny.' }],
      },
    },
  });
  const build = (b: unknown, edits: Record<string, string>, drafts: VariantDrafts) =>
    buildForm(StudioConfigSchema, b, edits, { exclude: ['inputMode'] }, drafts);
  const provider = () => {
    const f = fieldsFor(StudioConfigSchema, script, {}).find((x) => x.path === 'providers.llm.provider');
    if (!f) throw new Error('no provider field');
    return f;
  };

  it('restores the scripted LLM, with what was typed into it, instead of its defaults', () => {
    let edits: Record<string, string> = { 'providers.llm.ttftMs': '450' };
    let drafts: VariantDrafts = {};
    let f = build(script, edits, drafts);
    ({ edits, drafts } = switchVariant(f, edits, drafts, provider(), 'openai'));
    f = build(script, edits, drafts);
    expect(f.config?.providers.llm).toMatchObject({ provider: 'openai' });
    ({ edits, drafts } = switchVariant(f, edits, drafts, provider(), 'simulated'));
    f = build(script, edits, drafts);
    expect(f.config?.providers.llm).toMatchObject({
      provider: 'simulated',
      ttftMs: 450,
      responses: [{ input: 'weather', content: 'Sunny.' }],
    });
    expect(f.texts['providers.llm.ttftMs']).toBe('450');
  });

  it('after the switch is applied, switching back still restores the script, and the new provider’s model', () => {
    let edits: Record<string, string> = {};
    let drafts: VariantDrafts = {};
    let f = build(script, edits, drafts);
    ({ edits, drafts } = switchVariant(f, edits, drafts, provider(), 'openai'));
    edits = { ...edits, 'providers.llm.model': 'gpt-x' };
    f = build(script, edits, drafts);
    // Applied: main's config is now the OpenAI one, the edits are gone, the drafts stay.
    const applied = f.config!;
    edits = {};
    f = build(applied, edits, drafts);
    ({ edits, drafts } = switchVariant(f, edits, drafts, provider(), 'simulated'));
    f = build(applied, edits, drafts);
    expect(f.config?.providers.llm).toMatchObject({ responses: [{ input: 'weather', content: 'Sunny.' }] });
    ({ edits, drafts } = switchVariant(f, edits, drafts, provider(), 'openai'));
    f = build(applied, edits, drafts);
    expect(f.config?.providers.llm).toMatchObject({ provider: 'openai', model: 'gpt-x' });
  });

  it('a variant never left before starts from its defaults', () => {
    const f = build(script, {}, {});
    const { edits, drafts } = switchVariant(f, {}, {}, provider(), 'openai');
    expect(drafts).toEqual({ 'providers.llm': { simulated: script.providers.llm } });
    expect(build(script, edits, drafts).config?.providers.llm).toEqual(
      StudioConfigSchema.parse({ providers: { llm: { provider: 'openai' } } }).providers.llm,
    );
  });
});

describe('errors from main', () => {
  it('map to the owning field, or the nearest JSON field', () => {
    const fields = fieldsFor(StudioConfigSchema, base, {});
    expect(ownerOf(fields, 'options.minEndpointingDelayMs')?.field.path).toBe(
      'options.minEndpointingDelayMs',
    );
    expect(ownerOf(fields, 'agent.tools[2].name')).toMatchObject({
      field: { path: 'agent.tools' },
      suffix: '[2].name',
    });
    expect(ownerOf(fields, 'nope')).toBeNull();
  });

  it('parses booleans and enums strictly', () => {
    expect(parseText(field('options.allowInterruptions'), 'yes')).toEqual({
      ok: false,
      message: 'Choose true or false',
    });
    expect(parseText(field('options.turnDetection'), 'vad')).toEqual({ ok: true, value: 'vad' });
  });
});
