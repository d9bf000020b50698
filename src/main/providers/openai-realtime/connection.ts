/**
 * One WebSocket to a realtime server through the `openai` SDK's OpenAIRealtimeWS, until it ends.
 * Opening waits for the socket and the server's session.created under a deadline on the clock;
 * a refused handshake is read (status and body) so a 401 names the key and a 404 the model,
 * instead of ws's bare "Unexpected server response". After that, every server event goes to
 * `onEvent` and an end that nobody asked for goes once to `onEnd`.
 */
import type { IncomingMessage } from 'node:http';
import { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { Clock } from '../../engine';
import { ProviderError, settingOf, type ErrorContext } from '../common/provider-error';
import { closedError, handshakeError, socketError } from './errors';
import type { OpenAIRealtimeSettings } from './settings';

/** A server event as received: the SDK's types, or a type this client does not know. */
export interface ServerEvent {
  type: string;
  [key: string]: unknown;
}

export interface ConnectionTarget {
  settings: OpenAIRealtimeSettings;
  apiKey: string;
  /** Extra certificate authorities to trust (a test server's self-signed certificate). */
  ca?: string | Buffer;
  ctx: ErrorContext<'realtime'>;
  clock: Clock;
}

export interface ConnectionHooks {
  onEvent(ev: ServerEvent): void;
  /** The socket ended or failed without close() being called. */
  onEnd(error: ProviderError): void;
  /** A message that was not JSON: the connection stays, the message is lost. */
  onProtocolError(error: ProviderError): void;
}

export class RealtimeConnection {
  private closing = false;
  private ended = false;

  private constructor(
    private readonly rt: OpenAIRealtimeWS,
    private readonly ctx: ErrorContext<'realtime'>,
  ) {}

  /** Opens a socket and waits for session.created; rejects with a ProviderError. */
  static async open(target: ConnectionTarget, hooks: ConnectionHooks): Promise<RealtimeConnection> {
    const rt = await createSocket(target);
    const conn = new RealtimeConnection(rt, target.ctx);
    await conn.handshake(target, hooks);
    return conn;
  }

  get url(): string {
    return this.rt.url.toString();
  }

  send(ev: RealtimeClientEvent): void {
    if (this.closing || this.ended) return;
    this.rt.send(ev);
  }

  /** Ends the connection on purpose: onEnd is not called. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.ended) return;
    try {
      this.rt.socket.close(1000, 'client closed');
    } catch {
      this.rt.socket.terminate();
    }
  }

  private handshake(target: ConnectionTarget, hooks: ConnectionHooks): Promise<void> {
    const { rt, ctx } = this;
    const socket = rt.socket;
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      let settled = false;
      const timer = target.clock.setTimer(() => {
        fail(
          new ProviderError({
            provider: ctx.provider,
            kind: ctx.kind,
            code: 'timeout',
            retryable: true,
            setting: settingOf(ctx, 'connectTimeoutMs'),
            message: `openai realtime: no session from ${ctx.origin} within ${target.settings.connectTimeoutMs} ms (${settingOf(ctx, 'connectTimeoutMs')}): check ${settingOf(ctx, 'baseURL')} and that the server is running, or raise the timeout`,
          }),
        );
      }, target.settings.connectTimeoutMs);
      const fail = (err: ProviderError): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        this.ended = true;
        socket.terminate();
        reject(err);
      };
      socket.on('unexpected-response', (_req, res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => fail(handshakeError(res.statusCode ?? 0, bodyText(chunks), ctx)));
        res.on('error', () => fail(handshakeError(res.statusCode ?? 0, '', ctx)));
      });
      socket.on('open', () => {
        opened = true;
      });
      rt.on('error', (err) => {
        // a server `error` event also arrives through 'event'; here only what the socket raised
        if (err.error) return;
        const cause = (err as { cause?: unknown }).cause ?? err;
        if (err.message.startsWith('could not parse')) {
          hooks.onProtocolError(
            new ProviderError({
              provider: ctx.provider,
              kind: ctx.kind,
              code: 'malformed_response',
              retryable: true,
              message: `openai realtime: ${ctx.origin} sent a message that is not JSON: is ${settingOf(ctx, 'baseURL')} a realtime server?`,
            }),
          );
          return;
        }
        if (!settled) fail(socketError(cause, ctx));
        // after the session started, the 'close' that follows reports the end
      });
      rt.on('event', (ev) => {
        const event = ev as unknown as ServerEvent;
        if (!settled) {
          if (event.type === 'session.created') {
            settled = true;
            timer.cancel();
            resolve();
          } else if (event.type === 'error') {
            // an error before the session: handled as any server error, the close follows
            hooks.onEvent(event);
            return;
          }
        }
        hooks.onEvent(event);
      });
      socket.on('close', (code: number, reason: Buffer) => {
        const err = closedError(code, reason.toString(), ctx);
        if (!settled) {
          fail(opened ? err : socketError(new Error(`closed with code ${code}`), ctx));
          return;
        }
        if (this.ended) return;
        this.ended = true;
        if (!this.closing) hooks.onEnd(err);
      });
    });
  }
}

function bodyText(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof json.error?.message === 'string') return json.error.message;
  } catch {
    // not JSON: quote it as it is
  }
  return text;
}

async function createSocket(t: ConnectionTarget): Promise<OpenAIRealtimeWS> {
  const s = t.settings;
  const options = { headers: { ...(s.headers ?? {}) }, ...(t.ca ? { ca: t.ca } : {}) };
  if (s.azureApiVersion) {
    const client = new AzureOpenAI({ apiKey: t.apiKey, baseURL: s.baseURL, apiVersion: s.azureApiVersion });
    return OpenAIRealtimeWS.azure(client, { deploymentName: s.model, options });
  }
  const baseURL = s.baseURL ?? 'https://api.openai.com/v1';
  return new OpenAIRealtimeWS({ model: s.model, options }, { apiKey: t.apiKey, baseURL });
}
