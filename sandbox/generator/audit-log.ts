/**
 * Audit log messages. Recording custody events come from the recording lifecycles
 * (lifecycle.ts) as QualityAuditLogMessage; org-level changes to the retention policy, the S3
 * integration and the data action are a short fixed list of AuditLogMessage. Ids are
 * deterministic, so the ground truth can enumerate them.
 */
import type { Scenario } from '../scenario.ts';
import { scenarioStartMs } from './arrivals.ts';
import { dataActionsOf, integrationsOf } from './data-actions.ts';
import { deterministicUuid } from './ids.ts';
import { iso, isoSeconds } from './iso.ts';
import type { AuditEvent, RecordingLifecycle } from './lifecycle.ts';
import { orgOf } from './org.ts';
import { changePropertyChanges, extraPoliciesOf } from './policies.ts';
import type { OrgUser } from './org.ts';

const DAY_MS = 86_400_000;

/** An audit API timestamp: without milliseconds when timeline.auditTimestampsInSeconds (as the real APIs send them). */
export function auditDate(scenario: Scenario, ms: number): string {
  return scenario.timeline.auditTimestampsInSeconds ? isoSeconds(ms) : iso(ms);
}

const remoteIp = (user: OrgUser): string => `203.0.113.${(user.id.charCodeAt(0) * 7 + user.id.charCodeAt(1)) % 250}`;

export function qualityAuditJson(scenario: Scenario, e: AuditEvent, l: RecordingLifecycle): Record<string, unknown> {
  const org = orgOf(scenario);
  const propertyChanges =
    e.action === 'UpdateRetention' && l.shortenedDeleteMs !== null
      ? [{ property: 'deleteDate', oldValues: [iso(l.policyDeleteMs)], newValues: [iso(l.shortenedDeleteMs)] }]
      : [];
  return {
    id: e.id,
    userHomeOrgId: org.orgId,
    ...(e.user === null ? {} : { user: { id: e.user.id, name: e.user.name, selfUri: `/api/v2/users/${e.user.id}` } }),
    client: { id: '' },
    remoteIps: e.user === null ? [] : [remoteIp(e.user)],
    serviceName: e.serviceName,
    level: e.level,
    status: e.status,
    eventDate: auditDate(scenario, e.atMs),
    action: e.action,
    entity: { id: e.recordingId, selfUri: `/api/v2/conversations/${e.conversationId}/recordings/${e.recordingId}` },
    entityType: e.entityType,
    propertyChanges,
    context: { conversationId: e.conversationId },
  };
}

export interface OrgAuditEvent {
  readonly id: string;
  readonly atMs: number;
  readonly serviceName: string;
  readonly entityType: string;
  readonly action: string;
  readonly entity: { readonly id: string; readonly name: string; readonly selfUri: string };
  readonly user: OrgUser;
  readonly propertyChanges: readonly { property: string; oldValues: string[]; newValues: string[] }[];
}

/** Configuration changes of the org (retention policy, integrations, data action), oldest first. */
export function orgAuditEvents(scenario: Scenario): OrgAuditEvent[] {
  const org = orgOf(scenario);
  const start = scenarioStartMs(scenario);
  const qa = org.users.find((u) => u.role === 'qa') ?? org.users[0];
  const supervisor = org.users.find((u) => u.role === 'supervisor') ?? org.users[0];
  if (qa === undefined || supervisor === undefined) return [];
  const [bridge, s3] = integrationsOf(scenario);
  const [screenPop] = dataActionsOf(scenario);
  const policy = { id: org.policyIds.alwaysRecord, name: 'Always Record' };
  const policyRef = { ...policy, selfUri: `/api/v2/recording/mediaretentionpolicies/${policy.id}` };
  const events: Omit<OrgAuditEvent, 'id'>[] = [
    {
      atMs: start - 45 * DAY_MS,
      serviceName: 'Quality',
      entityType: 'Policy',
      action: 'Update',
      entity: policyRef,
      user: qa,
      propertyChanges: [
        { property: 'initiateScreenRecording.deleteRetention.days', oldValues: ['180'], newValues: ['365'] },
      ],
    },
  ];
  if (s3 !== undefined) {
    events.push({
      atMs: start - 10 * DAY_MS,
      serviceName: 'Integrations',
      entityType: 'Integration',
      action: 'Update',
      entity: { id: s3.id, name: s3.name, selfUri: `/api/v2/integrations/${s3.id}` },
      user: supervisor,
      propertyChanges: [{ property: 'config.bucketName', oldValues: ['recordings-old'], newValues: ['recordings-eu'] }],
    });
  }
  if (screenPop !== undefined && bridge !== undefined) {
    events.push({
      atMs: start - 20 * DAY_MS,
      serviceName: 'Integrations',
      entityType: 'Action',
      action: 'Update',
      entity: { id: screenPop.id, name: screenPop.name, selfUri: `/api/v2/integrations/actions/${screenPop.id}` },
      user: supervisor,
      propertyChanges: [{ property: 'config.timeoutSeconds', oldValues: ['10'], newValues: ['3'] }],
    });
  }
  if (scenario.custody.retentionShortenedRate > 0) {
    events.push({
      atMs: start + DAY_MS / 2,
      serviceName: 'Quality',
      entityType: 'Policy',
      action: 'Update',
      entity: policyRef,
      user: supervisor,
      propertyChanges: [
        {
          property: 'initiateScreenRecording.deleteRetention.days',
          oldValues: ['365'],
          newValues: [String(scenario.custody.shortenedDeleteDays)],
        },
      ],
    });
  }
  for (const policy of extraPoliciesOf(scenario)) {
    if (policy.changeMs === null) continue;
    events.push({
      atMs: policy.changeMs,
      serviceName: 'Quality',
      entityType: 'Policy',
      action: 'Update',
      entity: {
        id: policy.id,
        name: policy.spec.name,
        selfUri: `/api/v2/recording/mediaretentionpolicies/${policy.id}`,
      },
      user: qa,
      propertyChanges: changePropertyChanges(scenario, policy),
    });
  }
  return events
    .map((e, k) => ({ ...e, id: deterministicUuid(scenario.seed, 'org-audit', k) }))
    .sort((a, b) => a.atMs - b.atMs);
}

export function orgAuditJson(scenario: Scenario, e: OrgAuditEvent): Record<string, unknown> {
  const org = orgOf(scenario);
  return {
    id: e.id,
    userHomeOrgId: org.orgId,
    user: { id: e.user.id, name: e.user.name, selfUri: `/api/v2/users/${e.user.id}` },
    client: { id: '' },
    remoteIp: [remoteIp(e.user)],
    serviceName: e.serviceName,
    level: 'USER',
    eventDate: auditDate(scenario, e.atMs),
    action: e.action,
    entity: e.entity,
    entityType: e.entityType,
    status: 'SUCCESS',
    application: '',
    initiatingAction: {},
    transactionInitiator: false,
    propertyChanges: e.propertyChanges,
    context: {},
    entityChanges: [],
  };
}
