/**
 * Replay, re-run, diff and scenario export of recordings (issue 9, points 6-8): the functions the
 * CLI and the studio call. Everything reads a recording through the recording module's reader.
 */
export { openRecordingPath, readAllEvents, readWholeTrack, recordingsIn, RecordingPathError } from './source';
export { sessionFacts, collectEvents, type SessionFacts } from './session-facts';
export {
  buildScenario,
  agentsById,
  ScenarioExportError,
  type ScenarioBuild,
  type ScenarioBuildOptions,
  type ScenarioJson,
} from './scenario-export';
export {
  DEFAULT_TOLERANCE_MS,
  exportScenarioFile,
  timingResidual,
  type ScenarioExportResult,
} from './export-scenario-file';
export { editedConfig, recordedConfig, applySet, RerunConfigError } from './config-edit';
export { rerunVirtual, checkVirtualProviders, type RerunOptions, type RerunResult } from './rerun';
export { runScenarioRecorded, scenarioConfig, type RecordedRun, type RecordedRunOptions } from './record-run';
export {
  diffRecordings,
  checkThresholds,
  formatDiffTable,
  agentWarnings,
  type DiffReport,
  type DiffSide,
  type DiffThresholds,
  type TurnDiff,
} from './diff';
export { runRealtime, type RealtimeRunOptions, type RealtimeRunResult } from './realtime-run';
export { recordingTurns, alignTurns, type TurnFacts } from './turns';
