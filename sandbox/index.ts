/**
 * The Genesys Cloud sandbox: a local HTTP server that imitates the API paths the project uses,
 * generating a synthetic org from a scenario. The ground truth is for tests only; the pipeline
 * must never read it.
 */
export { startSandbox } from './server.ts';
export type { Sandbox, SandboxOptions, SandboxStats } from './server.ts';
export { loadScenario, parseScenario, resolveScenarioPath, ScenarioError, ScenarioSchema } from './scenario.ts';
export type { Scenario, ScenarioInput } from './scenario.ts';
export { conversationTruth, groundTruth, iterateGroundTruth } from './ground-truth.ts';
export type { AgentTruth, ConversationTruth } from './ground-truth.ts';
export { summarizeGroundTruth } from './ground-truth-summary.ts';
export type { GroundTruthSummary } from './ground-truth-summary.ts';
export { conversationCount, scenarioEndMs, scenarioStartMs, startMsOf } from './generator/arrivals.ts';
export { conversationIdOf, indexOfConversationId } from './generator/ids.ts';
export { ATTRIBUTE_NAMES, renderConversation } from './generator/conversation-payload.ts';
export { renderRecordingMetadata } from './generator/recording-metadata.ts';
export { planConversation, MALFORMED_KINDS, MAX_CONVERSATION_MS } from './generator/plan.ts';
export type { AudioOutcome, ConversationPlan, MalformedKind, ScreenOutcome } from './generator/plan.ts';
export { dataAvailabilityDate } from './routes/detail-jobs.ts';
