import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { SIMULATED_STT_LIVE_AUDIO } from '../../../../shared/warning-codes';
import { message } from '../../testing/test-events';
import { noTranscriptNotice } from '../shell/no-transcript';
import { ChatContextModel, emptyMessageText, type ChatEntry } from './chat-context';

const batch = (events: EngineEvent[], reset = false) => ({ reset, events, truncated: false });
const simulatedSttWarning = (source: 'microphone' | 'livekit'): EngineEvent => ({
  type: 'warning',
  t: 5,
  source,
  code: SIMULATED_STT_LIVE_AUDIO,
  message: `${source}: transcripts need a real STT — the simulated STT only knows what the simulated caller says`,
});
const messages = (m: ChatContextModel) =>
  m.snapshot().entries.filter((e): e is Extract<ChatEntry, { kind: 'message' }> => e.kind === 'message');

describe('empty chat messages say why they are empty', () => {
  it('a microphone session on the simulated STT: empty user turns name the simulated STT, not "nothing was heard"', () => {
    const m = new ChatContextModel();
    m.apply(batch([simulatedSttWarning('microphone'), message(100, 'u1', 'user', '')]));
    const snap = m.snapshot();
    expect(snap.noTranscriptReason).toMatch(/^microphone: transcripts need a real STT/);
    expect(emptyMessageText(messages(m)[0], snap)).toBe('(simulated STT: no transcript for live audio)');
  });

  it('without that warning an empty user turn is "(no transcript)"; an agent cut off before a word says so', () => {
    const m = new ChatContextModel();
    m.apply(
      batch([
        { type: 'warning', t: 1, source: 'microphone', message: 'some other warning' },
        message(100, 'u1', 'user', ''),
        message(200, 'a1', 'assistant', '', true),
      ]),
    );
    const snap = m.snapshot();
    expect(snap.noTranscriptReason).toBeNull();
    expect(messages(m).map((e) => emptyMessageText(e, snap))).toEqual([
      '(no transcript)',
      '(interrupted before anything was heard)',
    ]);
  });

  it('a new session (or another recording) forgets the reason', () => {
    const m = new ChatContextModel();
    m.apply(batch([simulatedSttWarning('microphone')]));
    expect(m.snapshot().noTranscriptReason).not.toBeNull();
    m.apply(batch([message(100, 'u1', 'user', 'hi')], true));
    expect(m.snapshot().noTranscriptReason).toBeNull();
  });

  it('the header notice says what the simulated STT cannot do and how to configure a real STT', () => {
    const mic = noTranscriptNotice('microphone: transcripts need a real STT');
    expect(mic).toMatch(/cannot know what your microphone said/);
    expect(mic).toMatch(/providers\.stt.*"openai".*OPENAI_API_KEY.*OpenAI-compatible server/);
    expect(noTranscriptNotice('livekit: transcripts need a real STT')).toMatch(/the room participant said/);
  });
});
