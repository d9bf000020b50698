import { describe, expect, it } from 'vitest';
import { splitSentences } from './basic-sentence';
import { BasicSentenceTokenizer } from './basic';

// Expected values were produced by upstream's tokenize/_basic_sent.py at db5dd9b77.
describe('splitSentences', () => {
  it('splits on terminators and merges sentences up to the minimum length', () => {
    expect(splitSentences('Hello there. How are you today? I am fine!')).toEqual([
      ['Hello there. How are you today?', 0, 31],
      ['I am fine!', 31, 41],
    ]);
    expect(
      new BasicSentenceTokenizer({ minSentenceLength: 5 }).tokenize(
        'Hello there. How are you today? I am fine!',
      ),
    ).toEqual(['Hello there.', 'How are you today?', 'I am fine!']);
  });

  it('does not split on titles, decimals, domains, acronyms and ellipses', () => {
    expect(
      splitSentences('Mr. Smith went to Washington. He met Dr. Jones at 3.5 p.m. and they talked.'),
    ).toEqual([
      ['Mr. Smith went to Washington.', 0, 29],
      ['He met Dr. Jones at 3.5 p.m. and they talked.', 29, 75],
    ]);
    expect(
      splitSentences('Visit example.com for more info. It is great... Really great!').map((s) => s[0]),
    ).toEqual(['Visit example.com for more info.', 'It is great... Really great!']);
    expect(
      splitSentences('The U.S.A. is big. They say so. Ph.D. students work hard all the time.').map(
        (s) => s[0],
      ),
    ).toEqual(['The U.S.A. is big. They say so.', 'Ph.D. students work hard all the time.']);
  });

  it('ends a sentence after a closing quote and on CJK terminators', () => {
    expect(
      splitSentences('He said "stop." Then he left the room quietly and calmly.', {
        minSentenceLength: 5,
      }).map((s) => s[0]),
    ).toEqual(['He said "stop."', 'Then he left the room quietly and calmly.']);
    expect(splitSentences('你好。今天天气很好！我们去公园吧？好的。')).toEqual([
      ['你好。 今天天气很好！ 我们去公园吧？ 好的。', 0, 20],
    ]);
  });

  it('reproduces upstream quirks faithfully', () => {
    // a suffix followed by a sentence starter loses its period, as upstream
    expect(
      splitSentences('Acme Inc. They make things. Acme Inc. makes anvils for coyotes.').map((s) => s[0]),
    ).toEqual(['Acme Inc They make things.', 'Acme Inc. makes anvils for coyotes.']);
    expect(splitSentences('Wait... what? Oh no!!! That is unbelievable, honestly.').map((s) => s[0])).toEqual(
      ['Wait... what? Oh no!', '! ! That is unbelievable, honestly.'],
    );
  });

  it('keeps format (newlines end sentences, whitespace kept) with retainFormat', () => {
    expect(
      splitSentences('Short. Tiny. Another short one. And this is a longer sentence here.', {
        minSentenceLength: 5,
        retainFormat: true,
      }),
    ).toEqual([
      ['Short.', 0, 6],
      [' Tiny.', 6, 12],
      [' Another short one.', 12, 31],
      [' And this is a longer sentence here.', 31, 67],
    ]);
    expect(
      splitSentences('Line one is here\nLine two is here and it is long enough.').map((s) => s[0]),
    ).toEqual(['Line one is here Line two is here and it is long enough.']);
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('No terminator at all in this text')).toEqual([
      ['No terminator at all in this text', 0, 33],
    ]);
  });
});
