/**
 * A scenario's fake realtime model (docs/scenario-format.md §11), from file to clock: the loader
 * turns `realtimeReply` / `realtimeEvent` items into the fake's generations (default message ids
 * and call ids, the modalities the capabilities imply), and the world builds the model and puts
 * each server event on the script timeline in its lane (actions, realtime events, VAD, STT).
 */
import {
  ScriptedRealtimeModel,
  type Clock,
  type ScriptedGeneration,
  type ScriptedRealtimeEvent,
  type ScriptedRealtimeReply,
} from '../engine';
import type { z } from 'zod';
import type { GenerationSchema, RealtimeEventSchema, RealtimeModelSchema } from './scenario-schema-realtime';
import type { ScenarioIssue } from './scenario-loader';
import type { ScriptItem } from './scenario-schema-v2';

type GenerationInput = z.output<typeof GenerationSchema>;
type Capabilities = z.output<typeof RealtimeModelSchema>['capabilities'];

export interface ScheduledRealtimeEvent {
  atMs: number;
  /** Index of the item in `script`, for messages. */
  scriptIndex: number;
  event: ScriptedRealtimeEvent;
}

/** What the loader keeps of the realtime script items. */
export interface RealtimeScript {
  replies: ScriptedRealtimeReply[];
  events: ScheduledRealtimeEvent[];
}

type Path = (string | number)[];

/** §11.3 defaults applied to one generation; issues for what the schema cannot see. */
function generation(
  g: GenerationInput,
  index: number,
  caps: Capabilities,
  nextCallId: () => string,
  path: Path,
  issue: (path: Path, message: string) => void,
): ScriptedGeneration {
  const toolCalls = g.toolCalls.map((c) => ({
    name: c.name,
    arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    callId: c.callId ?? nextCallId(),
  }));
  if (!g.message) return { message: null, toolCalls, ttftMs: g.ttftMs, durationMs: g.durationMs };
  const modalities = g.message.modalities ?? (caps.audioOutput ? ['audio', 'text'] : ['text']);
  if (!modalities.includes('audio') && g.message.audioDurationMs !== 0)
    issue(
      [...path, 'message', 'audioDurationMs'],
      `expected 0 when "audio" is not in the message's modalities (${JSON.stringify(modalities)}); got ${g.message.audioDurationMs}`,
    );
  return {
    message: {
      messageId: g.message.messageId ?? `msg_${index + 1}`,
      text: g.message.text,
      audioDurationMs: g.message.audioDurationMs,
      modalities: [...modalities],
    },
    toolCalls,
    ttftMs: g.ttftMs,
    durationMs: g.durationMs,
  };
}

function serverEvent(
  e: z.output<typeof RealtimeEventSchema>,
  index: number,
  caps: Capabilities,
  nextCallId: () => string,
  issue: (path: Path, message: string) => void,
): ScriptedRealtimeEvent {
  if (e.inputSpeechStarted) return { kind: 'inputSpeechStarted' };
  if (e.inputSpeechStopped) return { kind: 'inputSpeechStopped' };
  if (e.inputTranscription) return { kind: 'inputTranscription', ...e.inputTranscription };
  if (e.error) return { kind: 'error', ...e.error };
  if (e.generation) {
    const { userInitiated, ...g } = e.generation;
    const path: Path = ['script', index, 'realtimeEvent', 'generation'];
    return {
      kind: 'generation',
      userInitiated,
      generation: generation(g, index, caps, nextCallId, path, issue),
    };
  }
  throw new Error(`script[${index}].realtimeEvent has no event kind`); // the schema refuses it first
}

/**
 * Reads one script item's realtime part into `out`. `nextCallId` is the file's shared tool call
 * counter (v1 §4). Without `realtimeModel` a realtime item is refused; with it, an `llm` item is.
 */
export function readRealtimeItem(
  item: ScriptItem,
  index: number,
  model: z.output<typeof RealtimeModelSchema> | undefined,
  nextCallId: () => string,
  out: RealtimeScript,
  issues: ScenarioIssue[],
  jsonPath: (p: Path) => string,
): void {
  const issue = (path: Path, message: string) => issues.push({ path: jsonPath(path), message });
  const kind = item.realtimeReply ? 'realtimeReply' : item.realtimeEvent ? 'realtimeEvent' : null;
  if (!model) {
    if (kind) issue(['script', index, kind], `expected no ${kind} item without $.realtimeModel (format §11)`);
    return;
  }
  if (item.llm)
    issue(
      ['script', index, 'llm'],
      'expected no llm item with $.realtimeModel (its LLM is the fake realtime model, §11.1)',
    );
  const caps = model.capabilities;
  if (item.realtimeReply) {
    const { key, ...g } = item.realtimeReply;
    const path: Path = ['script', index, 'realtimeReply'];
    out.replies.push({ key, ...generation(g, index, caps, nextCallId, path, issue) });
  }
  if (item.realtimeEvent)
    out.events.push({
      atMs: item.realtimeEvent.atMs,
      scriptIndex: index,
      event: serverEvent(item.realtimeEvent, index, caps, nextCallId, issue),
    });
}

/** The scenario's fake realtime model, or null when the file has none. */
export function scenarioRealtimeModel(
  clock: Clock,
  model: z.output<typeof RealtimeModelSchema> | undefined,
  script: RealtimeScript,
): ScriptedRealtimeModel | null {
  if (!model) return null;
  return new ScriptedRealtimeModel({ clock, capabilities: model.capabilities, replies: script.replies });
}
