/**
 * The org's dimension entities as the API returns them: users, queues, divisions and media
 * retention policies. Dates are fixed relative to the scenario start, so they are deterministic.
 */
import type { Scenario } from '../scenario.ts';
import { scenarioStartMs } from './arrivals.ts';
import type { JsonObject } from './conversation-payload.ts';
import { orgOf } from './org.ts';
import type { Org, OrgUser } from './org.ts';
import { RETENTION_DAYS } from './recording-metadata.ts';
import { iso } from './iso.ts';
import { extraPoliciesOf, extraPolicyJson } from './policies.ts';

const DAY_MS = 86_400_000;

function divisionRef(org: Org, divisionId = org.division.id): JsonObject {
  const { id, name } = org.divisions.find((d) => d.id === divisionId) ?? org.division;
  return { id, name, selfUri: `/api/v2/authorization/divisions/${id}` };
}

function userJson(org: Org, user: OrgUser): JsonObject {
  return {
    id: user.id,
    name: user.name,
    division: divisionRef(org),
    chat: { jabberId: `${user.id}@${org.orgId.slice(0, 8)}.orgspan.com` },
    department: 'Contact Centre',
    email: user.email,
    primaryContactInfo: [{ address: user.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: [],
    state: 'active',
    title: user.title,
    username: user.email,
    version: 1,
    acdAutoAnswer: false,
    selfUri: `/api/v2/users/${user.id}`,
  };
}

export function usersOf(scenario: Scenario): JsonObject[] {
  const org = orgOf(scenario);
  return org.users.map((u) => userJson(org, u));
}

export function queuesOf(scenario: Scenario): JsonObject[] {
  const org = orgOf(scenario);
  const created = iso(scenarioStartMs(scenario) - 400 * DAY_MS);
  const modified = iso(scenarioStartMs(scenario) - 30 * DAY_MS);
  return org.queues.map((q) => {
    const members = q.agentTo - q.agentFrom;
    return {
      id: q.id,
      name: q.name,
      division: divisionRef(org, q.divisionId),
      description: q.coveredByPolicy ? `${q.name} (recorded)` : `${q.name} (internal)`,
      dateCreated: created,
      dateModified: modified,
      modifiedBy: org.users[org.users.length - 1]?.id,
      memberCount: members,
      userMemberCount: members,
      joinedMemberCount: members,
      mediaSettings: {
        call: {
          enableAutoAnswer: false,
          alertingTimeoutSeconds: 8,
          serviceLevel: { percentage: 0.8, durationMs: 20000 },
        },
      },
      routingRules: [],
      acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 90000 },
      skillEvaluationMethod: 'BEST',
      queueFlow: { id: org.flow.id, name: org.flow.name, selfUri: `/api/v2/flows/${org.flow.id}` },
      callingPartyName: 'Example GmbH',
      enableTranscription: false,
      suppressInQueueCallRecording: true,
      scoringMethod: 'TimestampAndPriority',
      selfUri: `/api/v2/routing/queues/${q.id}`,
    };
  });
}

export function divisionsOf(scenario: Scenario): JsonObject[] {
  const org = orgOf(scenario);
  return org.divisions.map((d, k) => ({
    ...divisionRef(org, d.id),
    description: k === 0 ? 'The default division' : `The ${d.name} division`,
    homeDivision: k === 0,
  }));
}

export function retentionPoliciesOf(scenario: Scenario): JsonObject[] {
  const org = orgOf(scenario);
  const start = scenarioStartMs(scenario);
  const covered = org.queues
    .filter((q) => q.coveredByPolicy)
    .map((q) => ({ id: q.id, name: q.name, selfUri: `/api/v2/routing/queues/${q.id}` }));
  const alwaysRecord = {
    id: org.policyIds.alwaysRecord,
    name: 'Always Record',
    description: 'Record every inbound call on the sales and service queues, with the agent screen',
    enabled: true,
    order: 1,
    createdDate: iso(start - 200 * DAY_MS),
    modifiedDate: iso(start - 45 * DAY_MS),
    mediaPolicies: {
      callPolicy: {
        conditions: {
          forUsers: [],
          dateRanges: [],
          forQueues: covered,
          wrapupCodes: [],
          languages: [],
          directions: ['INBOUND'],
        },
        actions: {
          retainRecording: true,
          deleteRecording: false,
          alwaysDelete: false,
          assignEvaluations: [],
          assignMeteredEvaluations: [],
          assignCalibrations: [],
          assignSurveys: [],
          retentionDuration: {
            archiveRetention: { days: RETENTION_DAYS.audioArchive, storageMedium: 'CLOUDARCHIVE' },
            deleteRetention: { days: RETENTION_DAYS.audioDelete },
          },
          initiateScreenRecording: {
            recordACW: false,
            archiveRetention: { days: RETENTION_DAYS.screenArchive, storageMedium: 'CLOUDARCHIVE' },
            deleteRetention: { days: RETENTION_DAYS.screenDelete },
          },
        },
      },
    },
    selfUri: `/api/v2/recording/mediaretentionpolicies/${org.policyIds.alwaysRecord}`,
  };
  const legacy = {
    id: org.policyIds.legacyOutbound,
    name: 'Legacy outbound 7y',
    description: 'Retired: outbound campaign recordings',
    enabled: false,
    order: 2,
    createdDate: iso(start - 900 * DAY_MS),
    modifiedDate: iso(start - 300 * DAY_MS),
    mediaPolicies: {
      callPolicy: {
        conditions: {
          forUsers: [],
          dateRanges: [],
          forQueues: [],
          wrapupCodes: [],
          languages: [],
          directions: ['OUTBOUND'],
        },
        actions: {
          retainRecording: true,
          deleteRecording: false,
          alwaysDelete: false,
          retentionDuration: { deleteRetention: { days: 2555 } },
        },
      },
    },
    selfUri: `/api/v2/recording/mediaretentionpolicies/${org.policyIds.legacyOutbound}`,
  };
  return [alwaysRecord, legacy, ...extraPoliciesOf(scenario).map((policy) => extraPolicyJson(scenario, policy))];
}
