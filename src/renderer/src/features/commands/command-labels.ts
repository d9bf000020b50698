import type { CommandName } from '../../../../shared/studio-api';

/** Human names of commands, for banners and outcome lines ("Start session failed — …"). */
const LABELS: Partial<Record<CommandName, string>> & Record<string, string> = {
  startSession: 'Start session',
  stopSession: 'Stop session',
  interrupt: 'Interrupt',
  sendText: 'Send text',
  say: 'Say',
  generateReply: 'Generate reply',
  updateConfig: 'Update config',
  ping: 'Ping',
  getState: 'Load studio state',
  listRecordings: 'List recordings',
  openRecording: 'Open recording',
  readRecordingEvents: 'Read recording events',
  readRecordingAudio: 'Read recording audio',
  deleteRecording: 'Delete recording',
  diffRecordings: 'Compare recordings',
  rerunRecording: 'Re-run recording',
  listPresets: 'List presets',
  savePreset: 'Save preset',
  loadPreset: 'Load preset',
  deletePreset: 'Delete preset',
  pushAudio: 'Send microphone audio',
  reportMicrophone: 'Report microphone problem',
  commitUserTurn: 'End user turn',
  clearUserTurn: 'Clear user turn',
  microphone: 'Microphone',
  resetToDemo: 'Reset to demo',
};

export function commandLabel(command: string): string {
  return LABELS[command] ?? command;
}
