/**
 * The engine's test support, one door: the scripted-provider kit plus the rigs that run an
 * AudioRecognition or an AgentSession on a VirtualClock with it. Imported only by tests (product
 * code imports the kit from ./scripted).
 */
export * from './scripted';
export {
  makeRig as makeRecognitionRig,
  recordingBus,
  RecordingHooks,
  scenarioSttScript,
  scenarioVadScript,
  speechEvent,
  timedStt,
  timedVad,
  type UserSpeech,
} from './recognition-rig';
export { makeRig as makeSessionRig, ScriptedAudioOutput, type Rig as SessionRig } from './session-rig';
