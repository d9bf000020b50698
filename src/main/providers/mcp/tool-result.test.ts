import { describe, expect, it } from 'vitest';
import { ToolError } from '../../engine/llm/tool-context';
import { toParameters, toolOutput } from './tool-result';

describe('toParameters', () => {
  it('keeps the schema, drops $schema, and never shares objects with the server reply', () => {
    const input = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { q: { type: 'string' } },
      required: ['q'],
    };
    const params = toParameters(input);
    expect(params).toEqual({ type: 'object', properties: { q: { type: 'string' } }, required: ['q'] });
    (params.properties as Record<string, unknown>).q = 'changed';
    expect(input.properties.q).toEqual({ type: 'string' });
  });

  it('gives a schema without properties an empty object of them', () => {
    expect(toParameters({ type: 'object' })).toEqual({ type: 'object', properties: {} });
    expect(toParameters(undefined)).toEqual({ type: 'object', properties: {} });
  });
});

describe('toolOutput', () => {
  it('returns the text of text results, parts joined by new lines', () => {
    expect(toolOutput('t', { content: [{ type: 'text', text: 'hello' }] })).toBe('hello');
    expect(
      toolOutput('t', {
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
  });

  it('gives non-text content as JSON so nothing is lost', () => {
    const image = { type: 'image', data: 'AAAA', mimeType: 'image/png' };
    expect(JSON.parse(toolOutput('t', { content: [image] }))).toEqual(image);
    const mixed = [{ type: 'text', text: 'see' }, image];
    expect(JSON.parse(toolOutput('t', { content: mixed }))).toEqual(mixed);
  });

  it('falls back to structured content, then fails on an empty result', () => {
    expect(toolOutput('t', { content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
    expect(() => toolOutput('weather', { content: [] })).toThrow(
      new ToolError('tool "weather" completed without producing a result'),
    );
  });

  it('turns an error result into a ToolError carrying the server message', () => {
    const run = (): string =>
      toolOutput('t', { isError: true, content: [{ type: 'text', text: 'city not found' }] });
    expect(run).toThrow(ToolError);
    expect(run).toThrow('city not found');
    expect(() => toolOutput('t', { isError: true, content: [] })).toThrow(
      'tool "t" failed without a message',
    );
  });
});
