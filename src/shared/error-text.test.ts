import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('errorText', () => {
  it('gives an Error its message', () => {
    expect(errorText(new TypeError('bad input'))).toBe('bad input');
  });

  it('gives anything else its string form', () => {
    expect(errorText('plain')).toBe('plain');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
    expect(errorText({ message: 'not an Error' })).toBe('[object Object]');
  });
});
