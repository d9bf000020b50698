/** One TTS request: the text it spoke, the voice, time to first byte, duration and audio length. */
import { formatEventTime } from '../event-log/event-summary';
import { ClippedText, Fact, JsonView } from './InspectorParts';
import { formatMs } from './number-format';
import type { TtsRequestView } from './request-model';

export function TtsRequestInspector({ r }: { r: TtsRequestView }) {
  return (
    <section className="request-inspector" data-testid="tts-request-inspector" data-request-id={r.requestId}>
      <h3>
        TTS request <span className="mono">{r.requestId}</span>
        {r.speechId ? <span className="muted"> · speech {r.speechId}</span> : null}
      </h3>
      <dl className="inspect-facts">
        <Fact label="Voice" testId="tts-voice">
          {r.voice ?? 'not named by the TTS'}
          {r.provider ? <span className="muted"> ({r.provider})</span> : null}
        </Fact>
        <Fact label="Started">{formatEventTime(r.startT)}</Fact>
        <Fact label="First byte" testId="tts-ttfb">
          {r.firstByteMs === null
            ? r.endT === null
              ? 'waiting'
              : 'no audio'
            : `${formatMs(r.firstByteMs)} after the request`}
        </Fact>
        <Fact label="Duration" testId="tts-duration">
          {r.durationMs === null ? 'running' : formatMs(r.durationMs)}
        </Fact>
        <Fact label="Audio length" testId="tts-audio-length">
          {r.audioMs === null ? (r.endT === null ? 'running' : 'not recorded') : formatMs(r.audioMs)}
        </Fact>
        {r.error ? (
          <Fact label="Error" testId="tts-error">
            {r.error}
          </Fact>
        ) : null}
      </dl>
      <h4>Text</h4>
      {r.text !== null ? (
        <ClippedText text={r.text} testId="tts-text" />
      ) : (
        <p className="muted" data-testid="tts-text">
          {r.endT === null ? 'known when the request ends' : 'no text'}
        </p>
      )}
      <details>
        <summary>Raw events ({r.events.length})</summary>
        <JsonView value={r.events} testId="tts-raw-events" />
      </details>
    </section>
  );
}
