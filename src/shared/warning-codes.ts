/**
 * Stable names (`warning.code`) of the warnings a view reacts to, beyond listing them.
 *
 * SIMULATED_STT_LIVE_AUDIO: the session hears live audio (microphone, LiveKit room) and its STT
 * is the simulated one, which only knows what the simulated caller says: user turns get no
 * transcript. The header says so for the whole session and the chat names it at each empty turn.
 */
export const SIMULATED_STT_LIVE_AUDIO = 'simulated_stt_live_audio';
