/** The words of the header's notice that live audio gets no transcript (NoTranscriptNotice). */

/** The notice for the session's warning message (a LiveKit room's starts with `livekit:`). */
export function noTranscriptNotice(reason: string): string {
  const who = reason.startsWith('livekit:') ? 'the room participant' : 'your microphone';
  const whose = reason.startsWith('livekit:') ? "the participant's" : 'your';
  return (
    `Simulated STT: it cannot know what ${who} said, so ${whose} turns have no transcript. ` +
    'For transcripts set providers.stt to "openai" with an OPENAI_API_KEY, or to an ' +
    'OpenAI-compatible server (its baseURL).'
  );
}
