/**
 * What the studio's diff view receives (`diffRecordings`): two runs compared turn by turn, A the
 * baseline above B the candidate, and the events of each for its timeline. The report is the
 * one `studio diff A B --json` prints (src/main/replay/diff.ts computes it; the handler checks
 * at compile time that its shape still fits these types).
 */
import type { EngineEvent } from './engine-events';

/** One user turn of a run and what the agent did in it. */
export interface DiffTurnFacts {
  /** 0-based position among the run's user turns. */
  index: number;
  transcript: string;
  /** Typed (text input) rather than spoken. */
  typed: boolean;
  /** When the turn ended (committed), ms after the run's first event. */
  endOfTurnMs: number;
  eouDelayMs: number | null;
  /** User stopped speaking → agent started speaking. */
  e2eLatencyMs: number | null;
  llmTtftMs: number | null;
  ttsTtfbMs: number | null;
  interruptions: number;
  falseInterruptions: number;
  reply: string;
  replyInterrupted: boolean;
  /** `name(arguments)` of each tool call, in order. */
  toolCalls: string[];
}

/** A pair of aligned turns; a side is null when the turn happened in one run only. */
export interface DiffTurn {
  a: DiffTurnFacts | null;
  b: DiffTurnFacts | null;
  replyChanged: boolean;
  toolCallsChanged: boolean;
  /** B − A, ms (null when either side has no value). */
  delta: {
    endOfTurnMs: number | null;
    e2eLatencyMs: number | null;
    llmTtftMs: number | null;
    ttsTtfbMs: number | null;
  };
}

export interface DiffSideSummary {
  turns: number;
  interruptions: number;
  falseInterruptions: number;
  medianE2eLatencyMs: number | null;
  medianLlmTtftMs: number | null;
  medianTtsTtfbMs: number | null;
  medianEouDelayMs: number | null;
}

export interface RecordingDiffReport {
  a: { id: string; path: string };
  b: { id: string; path: string };
  /** E.g. the runs are of different agents. */
  warnings: string[];
  turns: DiffTurn[];
  summary: {
    a: DiffSideSummary;
    b: DiffSideSummary;
    matchedTurns: number;
    onlyInA: number;
    onlyInB: number;
    changedReplies: number;
    changedToolCalls: number;
    /** (B − A) / A of the median e2e latency; null when A has none. */
    e2eLatencyChange: number | null;
  };
}

/** Most events of one run the diff view draws; a longer run's timeline shows its start and says so. */
export const MAX_DIFF_TIMELINE_EVENTS = 50_000;

/** One run as the diff view draws it. */
export interface DiffRun {
  id: string;
  title: string;
  agents: string[];
  /** Event-clock time (`t`) where the run starts and ends; the lanes of A and B align on their starts. */
  startT: number;
  endT: number;
  /** The run's events, the first MAX_DIFF_TIMELINE_EVENTS of them. */
  events: EngineEvent[];
  /** How many events the run has in all (more than `events.length` when the timeline is cut). */
  eventCount: number;
  /** The recording this run re-ran, if it is a re-run. */
  sourceId: string | null;
}

export interface RecordingDiffInfo {
  report: RecordingDiffReport;
  a: DiffRun;
  b: DiffRun;
}
