/**
 * The Genesys Cloud sandbox: a local HTTP server that imitates the API paths the project uses,
 * generating a synthetic org from a scenario. The ground truth is for tests only; the pipeline
 * must never read it.
 */
export { sandboxCredentials, startSandbox } from './server.ts';
export type { Sandbox, SandboxControl, SandboxCredentials, SandboxOptions, SandboxStats } from './server.ts';
export { applyOverrides, parseServeArgs, serveArgs, ServeOptionsSchema } from './process/options.ts';
export type { ServeOptions, ServeOptionsInput } from './process/options.ts';
export { spawnSandbox } from './process/spawn.ts';
export type { SandboxProcess, SandboxProcessReport } from './process/spawn.ts';
export {
  loadScenario,
  MALFORMED_KINDS,
  parseScenario,
  resolveScenarioPath,
  ScenarioError,
  ScenarioSchema,
} from './scenario.ts';
export type { Scenario, ScenarioInput } from './scenario.ts';
export {
  auditEventIds,
  conversationTruth,
  groundTruth,
  injectedMalformedIds,
  iterateGroundTruth,
} from './ground-truth.ts';
export type { AgentTruth, AuditEventTruth, ConversationTruth, RecordingTruth, TruthOptions } from './ground-truth.ts';
export { summarizeCustody, summarizeGroundTruth } from './ground-truth-summary.ts';
export { exportIntegrationId, fulfilledBulkExports } from './generator/bulk-export-jobs.ts';
export type { BulkExportFailure, BulkExportJobPlan, BulkExportOutcome } from './generator/bulk-export-jobs.ts';
export type { CustodySummary, GroundTruthSummary } from './ground-truth-summary.ts';
export { conversationCount, scenarioEndMs, scenarioStartMs, startMsOf } from './generator/arrivals.ts';
export { conversationIdOf, indexOfConversationId } from './generator/ids.ts';
export { ATTRIBUTE_NAMES, DRIFTED_PERSONAL_DATA, renderConversation } from './generator/conversation-payload.ts';
export { renderRecordingMetadata } from './generator/recording-metadata.ts';
export { planConversation, MAX_CONVERSATION_MS } from './generator/plan.ts';
export type { AudioOutcome, ConversationPlan, MalformedKind, ScreenOutcome } from './generator/plan.ts';
export { dataAvailabilityDate, dataAvailabilityMs } from './routes/detail-jobs.ts';
export { BILLING_HEADER, billingFile, MALFORMED_BILLING_KINDS, writeBillingFile } from './billing-file.ts';
export type { BillingFile, BillingLineKind, BillingLineTruth } from './billing-file.ts';
