import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FallbackNotes } from './Header';
import { fallbackLabels } from './fallback-labels';

const llm = {
  slot: 'llm' as const,
  using: 'simulated',
  setting: 'providers.llm[0]',
  cause: 'OPENAI_API_KEY missing',
};

describe('fallbackLabels', () => {
  it('names the slot, what runs and why, while the session runs', () => {
    expect(fallbackLabels({ phase: 'running', fallbacks: [llm] })).toEqual([
      'LLM: simulated — fallback, OPENAI_API_KEY missing',
    ]);
    expect(
      fallbackLabels({
        phase: 'stopping',
        fallbacks: [
          { slot: 'demo', using: 'scripted, silent', setting: 'caller', cause: 'espeak-ng not installed' },
        ],
      }),
    ).toEqual(['Demo: scripted, silent — fallback, espeak-ng not installed']);
  });

  it('shows nothing when no session runs or nothing fell back', () => {
    expect(fallbackLabels({ phase: 'idle', fallbacks: [llm] })).toEqual([]);
    expect(fallbackLabels({ phase: 'running' })).toEqual([]);
    expect(fallbackLabels(null)).toEqual([]);
  });

  it('is rendered in the header with the setting in its tooltip', () => {
    const html = renderToStaticMarkup(createElement(FallbackNotes, { fallbacks: [llm] }));
    expect(html).toContain('data-testid="provider-fallback"');
    expect(html).toContain('LLM: simulated — fallback, OPENAI_API_KEY missing');
    expect(html).toContain('providers.llm[0]');
    expect(renderToStaticMarkup(createElement(FallbackNotes, { fallbacks: [] }))).toBe('');
  });
});
