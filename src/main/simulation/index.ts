/**
 * The simulation's public surface for the studio and the CLI: load and validate scenario files,
 * build the simulated world around a session (live or virtual), run and check scenarios.
 */
export {
  findScenarioFiles,
  loadScenarioFile,
  parseScenario,
  type LoadResult,
  type Scenario,
  type ScenarioIssue,
} from './scenario-loader';
export { ScenarioFileSchema, type ScenarioFile } from './scenario-schema';
export { buildSimulatedWorld, type SimulatedWorld } from './simulated-world';
export { runScenario, executeScenario, runEndMs, type ScenarioOutcome } from './scenario-runner';
export { loopedScenario, type LoopOptions } from './looped-scenario';
export { checkExpectations, type CheckFailure, type RunRecord } from './expectations';
export { runSuite, exitCodeFor, type ScenarioResult, type SuiteResult } from './scenario-suite';
export { formatResultLines, summaryLine, toJsonReport, toJunitXml } from './report-writers';
