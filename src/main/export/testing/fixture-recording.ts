/**
 * A small recording for the exporters' tests: two user turns (the first answered with a tool
 * call and two LLM steps, the second interrupted by the user), a manifest whose clock starts at
 * t = 1000, and two audio tracks with known content (a user tone at 16 kHz, an agent tone at
 * 24 kHz). `writeFixtureRecording` lays it out as a format-v2 folder for readers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent } from '../../../shared/engine-events';
import {
  AGENT_WAV,
  EVENTS_FILE,
  MANIFEST_FILE,
  RECORDING_FORMAT,
  USER_WAV,
  type RecordingManifest,
} from '../../../shared/recording';
import { encodeWav } from '../../io/wav';

export const FIXTURE_STARTED_AT = '2025-03-04T05:06:07.000Z';
export const FIXTURE_T0 = 1000;

export function fixtureManifest(over: Partial<RecordingManifest> = {}): RecordingManifest {
  return {
    format: RECORDING_FORMAT,
    version: 2,
    appVersion: '0.1.0',
    id: '20250304-050607-fixture',
    sessionId: 'fixture',
    startedAt: FIXTURE_STARTED_AT,
    startedAtT: FIXTURE_T0,
    endedAt: '2025-03-04T05:06:17.000Z',
    endReason: 'stopped',
    durationMs: 10_000,
    inputKind: 'scenario',
    agents: ['default_agent'],
    providers: [
      { slot: 'llm', provider: 'openai', model: 'gpt-4o-mini' },
      { slot: 'tts', provider: 'local' },
      { slot: 'stt', provider: 'simulated' },
    ],
    config: { options: { minEndpointingDelayMs: 400 } },
    audio: {
      user: { file: USER_WAV, sampleRate: 16_000, channels: 1, offsetMs: 1000 },
      agent: { file: AGENT_WAV, sampleRate: 24_000, channels: 1, offsetMs: 1500 },
    },
    stats: { eventCount: 0, turns: 2, interruptions: 1, falseInterruptions: 0, toolCalls: 1, errors: 0 },
    source: null,
    title: 'default_agent: What is the weather',
    ...over,
  };
}

const msg = (
  id: string,
  role: 'user' | 'assistant',
  content: string,
  createdAt: number,
  interrupted = false,
) => ({ type: 'message', id, role, content, interrupted, createdAt }) as const;

/** Event-clock times: turn 1 speech 1500–2500, EOU 2900; turn 2 speech 6000–7000, barge-in at 8000. */
export function fixtureEvents(): EngineEvent[] {
  return [
    { t: 1000, type: 'agent_state_changed', oldState: 'initializing', newState: 'listening' },
    {
      t: 1600,
      type: 'user_state_changed',
      oldState: 'listening',
      newState: 'speaking',
      speechStartedAt: 1500,
    },
    {
      t: 2400,
      type: 'user_input_transcribed',
      transcript: 'What is the weather?',
      isFinal: true,
      speakerId: null,
      language: null,
    },
    { t: 2800, type: 'user_state_changed', oldState: 'speaking', newState: 'listening', speechEndedAt: 2500 },
    {
      t: 2900,
      type: 'end_of_turn',
      transcript: 'What is the weather?',
      delayMs: 400,
      probability: 0.9,
      committed: true,
    },
    { t: 2901, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'sp1' },
    {
      t: 2902,
      type: 'llm_request',
      phase: 'start',
      requestId: 'llm1',
      speechId: 'sp1',
      tools: ['get_weather'],
      toolChoice: null,
    },
    { t: 2903, type: 'tts_request', phase: 'start', requestId: 'tts1', speechId: 'sp1' },
    {
      t: 2904,
      type: 'conversation_item_added',
      item: { ...msg('u1', 'user', 'What is the weather?', 2900), transcriptConfidence: 0.95 },
    },
    {
      t: 2905,
      type: 'metrics_collected',
      metrics: {
        type: 'eou',
        speechId: 'sp1',
        timestamp: 2905,
        endOfUtteranceDelayMs: 400,
        transcriptionDelayMs: 150,
        onUserTurnCompletedDelayMs: 0,
      },
    },
    { t: 3000, type: 'llm_request', phase: 'first_token', requestId: 'llm1', speechId: 'sp1' },
    {
      t: 3100,
      type: 'tool_execution',
      phase: 'start',
      callId: 'c1',
      name: 'get_weather',
      speechId: 'sp1',
      arguments: '{"city":"Paris"}',
    },
    {
      t: 3150,
      type: 'tool_execution',
      phase: 'end',
      callId: 'c1',
      name: 'get_weather',
      speechId: 'sp1',
      arguments: '{"city":"Paris"}',
      output: 'sunny',
      isError: false,
    },
    { t: 3200, type: 'llm_request', phase: 'end', requestId: 'llm1', speechId: 'sp1' },
    {
      t: 3201,
      type: 'metrics_collected',
      metrics: {
        type: 'llm',
        speechId: 'sp1',
        requestId: 'prov-1',
        timestamp: 3200,
        ttftMs: 98,
        durationMs: 298,
        cancelled: false,
        completionTokens: 12,
        promptTokens: 80,
        promptCachedTokens: 0,
        totalTokens: 92,
        tokensPerSecond: 40,
        label: 'openai',
      },
    },
    { t: 3300, type: 'tts_request', phase: 'first_byte', requestId: 'tts1', speechId: 'sp1' },
    { t: 3301, type: 'agent_state_changed', oldState: 'thinking', newState: 'speaking' },
    { t: 3400, type: 'tts_request', phase: 'end', requestId: 'tts1', speechId: 'sp1', text: 'Let me check.' },
    {
      t: 3401,
      type: 'metrics_collected',
      metrics: {
        type: 'tts',
        speechId: 'sp1',
        requestId: 'tts1',
        timestamp: 3400,
        ttfbMs: 397,
        durationMs: 497,
        audioDurationMs: 900,
        cancelled: false,
        charactersCount: 13,
        streamed: true,
        label: 'local',
      },
    },
    { t: 4200, type: 'conversation_item_added', item: msg('a1', 'assistant', 'Let me check.', 2906) },
    {
      t: 4201,
      type: 'function_tools_executed',
      functionCalls: [{ callId: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      functionCallOutputs: [{ callId: 'c1', name: 'get_weather', output: 'sunny', isError: false }],
    },
    {
      t: 4202,
      type: 'llm_request',
      phase: 'start',
      requestId: 'llm2',
      speechId: 'sp1',
      tools: ['get_weather'],
      toolChoice: 'auto',
    },
    { t: 4300, type: 'llm_request', phase: 'end', requestId: 'llm2', speechId: 'sp1', error: 'rate limited' },
    { t: 4400, type: 'agent_state_changed', oldState: 'speaking', newState: 'listening' },
    { t: 4401, type: 'speech_lifecycle', speechId: 'sp1', state: 'done' },
    {
      t: 6100,
      type: 'user_state_changed',
      oldState: 'listening',
      newState: 'speaking',
      speechStartedAt: 6000,
    },
    {
      t: 6900,
      type: 'user_input_transcribed',
      transcript: 'Tell me a story',
      isFinal: true,
      speakerId: null,
      language: null,
    },
    { t: 7200, type: 'user_state_changed', oldState: 'speaking', newState: 'listening', speechEndedAt: 7000 },
    {
      t: 7400,
      type: 'end_of_turn',
      transcript: 'Tell me a story',
      delayMs: 400,
      probability: null,
      committed: true,
    },
    { t: 7401, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'sp2' },
    {
      t: 7402,
      type: 'llm_request',
      phase: 'start',
      requestId: 'llm3',
      speechId: 'sp2',
      tools: [],
      toolChoice: null,
    },
    { t: 7403, type: 'tts_request', phase: 'start', requestId: 'tts3', speechId: 'sp2' },
    { t: 7404, type: 'conversation_item_added', item: msg('u2', 'user', 'Tell me a story', 7400) },
    { t: 7500, type: 'llm_request', phase: 'end', requestId: 'llm3', speechId: 'sp2' },
    { t: 7600, type: 'tts_request', phase: 'first_byte', requestId: 'tts3', speechId: 'sp2' },
    { t: 7601, type: 'agent_state_changed', oldState: 'thinking', newState: 'speaking' },
    { t: 8000, type: 'interruption', speechId: 'sp2', cause: 'vad', paused: false },
    { t: 8001, type: 'speech_lifecycle', speechId: 'sp2', state: 'interrupted', cause: 'vad' },
    { t: 8002, type: 'agent_state_changed', oldState: 'speaking', newState: 'listening' },
    { t: 8003, type: 'conversation_item_added', item: msg('a2', 'assistant', 'Once upon', 7405, true) },
    { t: 8004, type: 'speech_lifecycle', speechId: 'sp2', state: 'done' },
  ];
}

/** 440 Hz (user) and 660 Hz (agent) tones, 1 s each, amplitude 8000. */
export function fixtureTone(sampleRate: number, hz: number, seconds = 1): Int16Array {
  const out = new Int16Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

/** Writes the fixture as a format-v2 folder inside `dir`; returns its path. */
export function writeFixtureRecording(
  dir: string,
  manifest = fixtureManifest(),
  events = fixtureEvents(),
): string {
  const path = join(dir, manifest.id);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(path, MANIFEST_FILE),
    JSON.stringify(
      { ...manifest, stats: manifest.stats && { ...manifest.stats, eventCount: events.length } },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  writeFileSync(join(path, EVENTS_FILE), events.map((e) => JSON.stringify(e)).join('\n') + '\n', {
    mode: 0o600,
  });
  if (manifest.audio.user)
    writeFileSync(
      join(path, USER_WAV),
      encodeWav({
        sampleRate: manifest.audio.user.sampleRate,
        channels: 1,
        data: fixtureTone(manifest.audio.user.sampleRate, 440),
      }),
      { mode: 0o600 },
    );
  if (manifest.audio.agent)
    writeFileSync(
      join(path, AGENT_WAV),
      encodeWav({
        sampleRate: manifest.audio.agent.sampleRate,
        channels: 1,
        data: fixtureTone(manifest.audio.agent.sampleRate, 660),
      }),
      { mode: 0o600 },
    );
  return path;
}
