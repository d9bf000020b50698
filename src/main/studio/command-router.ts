/**
 * The one entry point both transports call with whatever arrived on the wire. It is the trust
 * boundary: command names and inputs are untrusted until they pass here, and nothing it does
 * may throw back into a transport (a thrown error would surface as an opaque IPC rejection or
 * kill a socket handler), so every outcome is a `CommandResult`.
 */
import type { z } from 'zod';
import {
  CommandInputs,
  isCommandName,
  type CommandName,
  type CommandOutputs,
  type CommandResult,
  type ErrorCode,
  type StudioError,
} from '../../shared/studio-api';
import { clip, type Logger } from '../log';

/** A command's input after validation (defaults applied), which is what handlers receive. */
export type ValidInput<C extends CommandName> = z.output<(typeof CommandInputs)[C]>;

/** Handlers return a result rather than throwing so that expected refusals stay typed. */
export type CommandHandlers = {
  [C in CommandName]: (input: ValidInput<C>) => CommandResult<C> | Promise<CommandResult<C>>;
};

export type CommandRouter = (command: unknown, input: unknown) => Promise<CommandResult<CommandName>>;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, field?: string): { ok: false; error: StudioError } {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

/**
 * Turns zod's issues into one `invalid_input` error that names the first offending field as a
 * dotted path (`options.minEndpointingDelayMs`, `agent.tools[0].name`), because the renderer
 * maps that path straight onto a form control. All issues go into the message, not only the first.
 */
export function invalidInput(error: z.ZodError, root = ''): { ok: false; error: StudioError } {
  const described = error.issues.map((issue) => describeIssue(issue, root));
  const first = described[0];
  const message = described.map((d) => `${d.field || '(input)'}: ${d.expected}`).join('; ');
  return fail('invalid_input', message || 'invalid input', first?.field || undefined);
}

function describeIssue(issue: z.core.$ZodIssue, root: string): { field: string; expected: string } {
  const segments: PropertyKey[] = [...issue.path];
  // A strict object reports an extra key at the object's own path; naming the key itself is
  // what lets a user find the typo.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) segments.push(issue.keys[0]);
  return { field: dottedPath(root, segments), expected: issue.message };
}

export function dottedPath(root: string, segments: readonly PropertyKey[]): string {
  let out = root;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/** Builds the router over a complete handler table; the mapped type makes a missing handler a compile error. */
export function createCommandRouter(handlers: CommandHandlers, logger: Logger): CommandRouter {
  return async (command, input) => {
    if (!isCommandName(command)) {
      logger.log('warn', 'unknown command refused', { command: clip(command) });
      return fail('unknown_command', `unknown command: ${clip(command, 60)}`);
    }
    // Commands without arguments may arrive with no input at all; treat that as `{}`.
    const parsed = CommandInputs[command].safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      logger.log('info', 'invalid command input', { command, issues: parsed.error.issues.length });
      return invalidInput(parsed.error);
    }
    try {
      return await dispatch(handlers, command, parsed.data);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.log('error', 'command handler failed', { command, error: message });
      return fail('failed', message);
    }
  };
}

/** Narrowing a generic `C` across a mapped handler table needs one cast; it is confined here. */
function dispatch<C extends CommandName>(
  handlers: CommandHandlers,
  command: C,
  input: unknown,
): CommandResult<C> | Promise<CommandResult<C>> {
  const handler = handlers[command] as (input: unknown) => CommandResult<C> | Promise<CommandResult<C>>;
  return handler(input);
}

/** Re-exported so handler authors see the output table next to the handler type. */
export type { CommandOutputs };
