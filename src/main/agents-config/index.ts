/**
 * Config → agents and tools, one builder for scenario files and the studio alike: agents whose
 * hooks follow their config, and scripted tools built from a ToolSpec.
 */
export { agentsFromConfig, ConfigAgent, ConfigAgents, START_AGENT_ID, type ConfigAgentDeps } from './agents';
export { checkConfigTools, fillTemplate, toolFromSpec, type ToolProblem, type ToolSpecDeps } from './tools';
