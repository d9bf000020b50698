/**
 * Canvas colors. The canvas cannot use CSS variables, so these mirror the dark theme's tokens;
 * state colors are shared with the legend and the tooltips so a color means one thing.
 */
import type { AgentState, UserState } from '../../../../../shared/engine-events';
import type { SpeechLifecycleState } from '../../../../../shared/engine-events';

export const COLORS = {
  bg: '#0b0d10',
  laneAlt: 'rgba(255,255,255,0.018)',
  grid: 'rgba(139,149,165,0.14)',
  border: '#262c36',
  text: '#e3e7ee',
  muted: '#8b95a5',
  accent: '#4f8cff',
  ok: '#3ccf8e',
  warn: '#f2b84b',
  danger: '#ff5d5d',
  cursor: 'rgba(227,231,238,0.75)',
  live: 'rgba(60,207,142,0.55)',
  vadLine: '#5fb3ff',
  vadFill: 'rgba(95,179,255,0.22)',
  threshold: '#f2b84b',
  llm: '#9b7bff',
  tts: '#2fc4c4',
  tool: '#ff9f43',
  selected: '#ffffff',
  config: '#c792ea',
  /** The stretch of the plot before the session's clock starts (zoomed or panned out). */
  beforeSession: 'rgba(0,0,0,0.35)',
  /** The session's end (its close event). */
  end: '#e3e7ee',
} as const;

export const USER_COLORS: Record<UserState, string> = {
  speaking: '#3ccf8e',
  listening: 'rgba(139,149,165,0.22)',
  away: 'rgba(242,184,75,0.35)',
};

export const AGENT_COLORS: Record<AgentState, string> = {
  initializing: 'rgba(139,149,165,0.45)',
  idle: 'rgba(139,149,165,0.18)',
  listening: 'rgba(79,140,255,0.25)',
  thinking: '#f2b84b',
  speaking: '#4f8cff',
};

/** Fill of a speech bar between one lifecycle state and the next. */
export const SPEECH_PHASE_COLORS: Record<SpeechLifecycleState, string> = {
  created: 'rgba(139,149,165,0.30)',
  scheduled: 'rgba(139,149,165,0.50)',
  authorized: 'rgba(199,146,234,0.55)',
  playout_started: '#4f8cff',
  paused: 'rgba(242,184,75,0.70)',
  resumed: '#4f8cff',
  interrupted: 'rgba(255,93,93,0.55)',
  done: 'rgba(139,149,165,0.30)',
};
