import { afterEach, describe, expect, it } from 'vitest';
import { audioFrames, collect, realtimeRig, recordEvents } from '../testing/realtime-rig';

type Rig = Awaited<ReturnType<typeof realtimeRig>>;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('OpenAI Realtime over TLS: a turn with server VAD', () => {
  it('speech started/stopped, the transcript, a server-started generation with audio and transcript, metrics', async () => {
    rig = await realtimeRig({
      settings: {
        turnDetection: { type: 'server_vad', threshold: 0.6, prefixPaddingMs: 200, silenceDurationMs: 300 },
      },
    });
    const session = rig.model.session();
    const ev = recordEvents(session);
    await session.whenOpen();
    await session.updateInstructions('be brief');
    rig.server.transcripts.push('hello there');
    rig.server.replies.push({ text: 'Hi! How can I help?', audioMs: 300 });
    // 16 kHz input: the session resamples it to the model's 24 kHz
    for (const f of [...audioFrames(400, true, 16000), ...audioFrames(400, false, 16000)])
      session.pushAudio(f);

    const gen = await ev.nth('generation_created');
    expect(gen.userInitiated).toBe(false);
    const [msg] = await collect(gen.messageStream);
    const [text, audio] = await Promise.all([collect(msg.textStream), collect(msg.audioStream)]);
    expect(text.join('')).toBe('Hi! How can I help?');
    expect(audio.every((f) => f.sampleRate === 24000 && f.channels === 1)).toBe(true);
    expect(audio.reduce((n, f) => n + f.samplesPerChannel, 0)).toBe(7200);
    expect(await msg.modalities).toEqual(['audio', 'text']);
    expect(await collect(gen.functionStream)).toEqual([]);

    const metrics = await ev.nth('metrics_collected');
    expect(metrics).toMatchObject({
      type: 'realtime',
      requestId: gen.responseId,
      cancelled: false,
      inputTokens: 120,
      outputTokens: 60,
      totalTokens: 180,
      inputTokenDetails: {
        audioTokens: 100,
        textTokens: 20,
        cachedTokens: 40,
        cachedAudioTokens: 30,
        cachedTextTokens: 10,
      },
      outputTokenDetails: { audioTokens: 50, textTokens: 10 },
      label: 'openai.realtime.RealtimeModel',
    });
    // the virtual clock did not move: the response took no virtual time
    expect(metrics.ttftMs).toBeGreaterThanOrEqual(0);

    const types = ev.types().filter((t) => t !== 'input_audio_transcription_completed');
    expect(types).toEqual([
      'input_speech_started',
      'input_speech_stopped',
      'generation_created',
      'metrics_collected',
    ]);
    expect(ev.of('input_speech_stopped')).toEqual([{ userTranscriptionEnabled: true }]);
    const transcripts = ev.of('input_audio_transcription_completed');
    expect(transcripts.map((t) => [t.transcript, t.isFinal])).toEqual([
      ['hello ', false],
      ['hello there', false],
      ['hello there', true],
    ]);
    expect(
      session.chatCtx.items.map((i) => (i.type === 'message' ? `${i.role}:${i.content}` : i.type)),
    ).toEqual(['user:hello there', 'assistant:Hi! How can I help?']);

    // what the server was sent: the settings in GA shape, and 800 ms of audio at 24 kHz
    const update = rig.server.eventsOf('session.update')[0].session as Record<string, unknown>;
    expect(update).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.6,
            prefix_padding_ms: 200,
            silence_duration_ms: 300,
          },
          transcription: { model: 'gpt-4o-mini-transcribe' },
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin' },
      },
    });
    await rig.server.waitFor(
      'input_audio_buffer.append',
      () => rig?.server.eventsOf('input_audio_buffer.append').length === 40,
    );
    const samples = rig.server
      .eventsOf('input_audio_buffer.append')
      .reduce((n, e) => n + Buffer.from(e.audio as string, 'base64').byteLength / 2, 0);
    // linear resampling holds back at most one input sample (1.5 output samples) until flushed
    expect(samples).toBeGreaterThanOrEqual(800 * 24 - 2);
    expect(samples).toBeLessThanOrEqual(800 * 24);
  });
  it('server VAD off: no speech events from the server; the client commits (or clears) the buffer and asks for the reply', async () => {
    rig = await realtimeRig({ settings: { turnDetection: null } });
    const session = rig.model.session();
    const ev = recordEvents(session);
    await session.whenOpen();
    expect(rig.model.capabilities.turnDetection).toBe(false);
    for (const f of audioFrames(300, true)) session.pushAudio(f);
    session.clearAudio();
    await rig.server.waitFor('input_audio_buffer.clear');
    rig.server.transcripts.push('what time is it');
    for (const f of [...audioFrames(300, true), ...audioFrames(300, false)]) session.pushAudio(f);
    session.commitAudio();
    const final = await ev.nth('input_audio_transcription_completed', 4); // after its 4 word deltas
    expect(final).toMatchObject({ transcript: 'what time is it', isFinal: true });
    rig.server.replies.push({ text: 'Noon.', audioMs: 100 });
    const gen = await session.generateReply();
    expect(gen.userInitiated).toBe(true);
    const [m] = await collect(gen.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('Noon.');
    expect(ev.of('input_speech_started')).toEqual([]);
    expect(ev.of('generation_created')).toHaveLength(1);
    const update = rig.server.eventsOf('session.update')[0].session as {
      audio: { input: Record<string, unknown> };
    };
    expect(update.audio.input.turn_detection).toBeNull();
  });
});
