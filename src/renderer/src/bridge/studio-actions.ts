/**
 * The one home of the user's verbs (start, stop, interrupt, send text, say, generate reply,
 * ping), shared by the buttons, the keyboard and the application menu so all three behave
 * identically; features/commands only binds menu items and shortcuts to them. Every failure lands in
 * the store's error notices: a command that fails silently is the worst kind of prototype bug.
 */
import type { StoreApi } from 'zustand';
import type { CommandInput, CommandName, CommandResult, StudioClient } from '../../../shared/studio-api';
import type { StudioStore } from '../store/studio-store';

export interface StudioActions {
  run<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>>;
  start(): Promise<boolean>;
  stop(): Promise<boolean>;
  /** `force` interrupts even speech marked uninterruptible. */
  interrupt(force?: boolean): Promise<boolean>;
  sendText(text: string): Promise<boolean>;
  /** Has the agent speak the text as given; an empty text is refused here, not sent. */
  say(text: string): Promise<boolean>;
  /** Blank instructions mean "reply as you would", not an empty instruction. */
  generateReply(instructions: string): Promise<boolean>;
  ping(): Promise<boolean>;
}

/** Commands whose answers never take the outcome line (their failures still become notices). */
const QUIET_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'ping',
  'getState',
  'listRecordings',
  'readRecordingEvents',
  'readRecordingAudio',
  'listPresets',
  'pushAudio',
]);

export interface ActionDeps {
  client: StudioClient;
  store: StoreApi<StudioStore>;
  /** Monotonic ms for round-trip times. */
  now?: () => number;
  makeNonce?: () => string;
}

export function createStudioActions({
  client,
  store,
  now = () => performance.now(),
  makeNonce = randomNonce,
}: ActionDeps): StudioActions {
  const state = () => store.getState();

  async function run<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>> {
    state().beginCommand(command);
    try {
      const result = await client.invoke(command, input);
      if (!result.ok) state().pushError({ source: command, ...result.error });
      // What failed before (this command's last notice) is no longer true.
      else state().resolveNotices('command_ok', command);
      // The outcome line answers what the user just did; reads that views make on their own (a
      // recordings list refreshed when a session ends, replay pages, ping's own line) would
      // replace that answer with theirs.
      if (!QUIET_COMMANDS.has(command))
        state().recordOutcome(command, result.ok, result.ok ? null : result.error.code);
      return result;
    } finally {
      state().endCommand(command);
    }
  }

  return {
    run,
    start: async () => {
      // The keyboard and the menu reach Start even while a session runs (the button is disabled
      // then): say so next to the button rather than send a request bound to be refused.
      const phase = state().status?.phase;
      if (
        state().connection.state === 'connected' &&
        (phase === 'starting' || phase === 'running' || phase === 'stopping')
      ) {
        state().noteMisuse('start', `A session is already ${phase}: stop it first.`);
        return false;
      }
      return (await run('startSession', {})).ok;
    },
    // The Stop button stops now: a user who presses it does not want queued speech played out.
    stop: async () => (await run('stopSession', { drain: false })).ok,
    interrupt: async (force = false) => (await run('interrupt', force ? { force: true } : {})).ok,
    sendText: async (text) => {
      const trimmed = text.trim();
      if (trimmed === '') {
        state().pushError({
          source: 'sendText',
          code: 'invalid_input',
          field: 'text',
          message: 'Type something to send.',
        });
        return false;
      }
      return (await run('sendText', { text: trimmed })).ok;
    },
    // An empty say gets the same kind of notice as an empty text turn: main would only answer
    // "too short".
    say: async (text) => {
      const trimmed = text.trim();
      if (trimmed === '') {
        state().pushError({
          source: 'say',
          code: 'invalid_input',
          field: 'text',
          message: 'Type what the agent should say.',
        });
        return false;
      }
      return (await run('say', { text: trimmed })).ok;
    },
    generateReply: async (instructions) => {
      const trimmed = instructions.trim();
      return (await run('generateReply', trimmed ? { instructions: trimmed } : {})).ok;
    },
    ping: async () => {
      const nonce = makeNonce();
      const t0 = now();
      const r = await run('ping', { nonce });
      if (!r.ok) return false;
      if (r.value.nonce !== nonce) {
        state().pushError({
          source: 'ping',
          code: 'transport',
          message: `ping answered ${r.value.nonce}, expected ${nonce}`,
        });
        return false;
      }
      state().setPing({ nonce, roundTripMs: now() - t0, receivedAt: r.value.receivedAt });
      return true;
    },
  };
}

function randomNonce(): string {
  return Math.random().toString(36).slice(2, 10);
}
