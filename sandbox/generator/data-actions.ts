/**
 * Integrations and data actions of the org. The IVR flow runs the ScreenPop_ScreenRec data
 * action once per conversation; its HTTP status (200 or 408 on timeout) is what the flow writes
 * into the ScreenPop_ScreenRec_HttpStatus participant attribute, so the action aggregates and
 * the conversations tell the same story.
 */
import type { Scenario } from '../scenario.ts';
import { deterministicUuid } from './ids.ts';
import type { ConversationPlan } from './plan.ts';
import { hashUnit } from './random.ts';

export interface DataAction {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly integrationId: string;
  readonly integrationName: string;
  readonly timeoutSeconds: number;
  readonly requestUrlTemplate: string;
}

export interface Integration {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

export function integrationsOf(scenario: Scenario): Integration[] {
  return [
    {
      id: deterministicUuid(scenario.seed, 'integration', 0),
      name: 'Screen Recording Bridge',
      type: 'custom-rest-actions',
    },
    {
      id: deterministicUuid(scenario.seed, 'integration', 1),
      name: 'Recording Bulk Actions S3',
      type: 'aws-s3-recording-bulk-actions-integration',
    },
  ];
}

export function dataActionsOf(scenario: Scenario): DataAction[] {
  const [bridge] = integrationsOf(scenario);
  const integrationId = bridge?.id ?? '';
  const integrationName = bridge?.name ?? '';
  return [
    {
      id: `custom_-_${deterministicUuid(scenario.seed, 'data-action', 0)}`,
      name: 'ScreenPop_ScreenRec',
      category: 'Screen Recording Bridge',
      integrationId,
      integrationName,
      timeoutSeconds: 3,
      requestUrlTemplate: 'https://screenrec.example.com/api/screenpop/${input.conversationId}',
    },
    {
      id: `custom_-_${deterministicUuid(scenario.seed, 'data-action', 1)}`,
      name: 'CRM_CustomerLookup',
      category: 'Screen Recording Bridge',
      integrationId,
      integrationName,
      timeoutSeconds: 10,
      requestUrlTemplate: 'https://crm.example.com/api/customers?ani=${input.ani}',
    },
  ];
}

export interface ActionExecution {
  readonly atMs: number;
  readonly status: 200 | 408;
  readonly errorType: string | null;
  readonly durationMs: number;
}

/** The ScreenPop_ScreenRec execution of a conversation (in the IVR, right after it starts). */
export function actionExecutionOf(scenario: Scenario, plan: ConversationPlan): ActionExecution {
  const ivrStart = plan.ivr.segments[0]?.start ?? plan.startMs;
  const timeout = (dataActionsOf(scenario)[0]?.timeoutSeconds ?? 3) * 1000;
  const u = hashUnit(scenario.seed, plan.index, 'action-duration');
  return plan.dataActionTimedOut
    ? { atMs: ivrStart + 500, status: 408, errorType: 'timeout', durationMs: timeout + Math.floor(u * 50) }
    : { atMs: ivrStart + 500, status: 200, errorType: null, durationMs: 150 + Math.floor(u * 750) };
}

/** GET /api/v2/integrations/actions entity (config only with includeConfig). */
export function actionJson(action: DataAction, includeConfig: boolean): Record<string, unknown> {
  return {
    id: action.id,
    name: action.name,
    integrationId: action.integrationId,
    category: action.category,
    contract: {
      input: { inputSchema: { type: 'object', properties: { conversationId: { type: 'string' } } } },
      output: { successSchema: { type: 'object', properties: { screenPopId: { type: 'string' } } } },
    },
    version: 3,
    secure: false,
    ...(includeConfig
      ? {
          config: {
            timeoutSeconds: action.timeoutSeconds,
            request: {
              requestUrlTemplate: action.requestUrlTemplate,
              requestType: 'POST',
              headers: { 'Content-Type': 'application/json' },
              requestTemplate: '${input.rawRequest}',
            },
            response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
          },
        }
      : {}),
    selfUri: `/api/v2/integrations/actions/${action.id}`,
  };
}
