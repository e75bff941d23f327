/** Users, queues and media retention policies (genesys-api.md §4 and §7). */
import { z } from 'zod';
import { entityRef, id, isoTimestamp } from './common.ts';

export const userSchema = z.looseObject({
  id,
  name: z.string().optional(),
  email: z.string().optional(),
  division: entityRef.optional(),
  state: z.string().optional(),
  department: z.string().optional(),
  title: z.string().optional(),
});

export const queueSchema = z.looseObject({
  id,
  name: z.string(),
  division: entityRef.optional(),
  suppressInQueueCallRecording: z.boolean().optional(),
});

/**
 * The conditions of a media policy (genesys-api.md §4). Lists of entities are typed; date ranges
 * and time slots, whose encoding no real payload confirms, are read leniently by the flattener
 * (a value it cannot read makes the policy undeterminable instead of failing the record).
 */
const callConditionsSchema = z.looseObject({
  directions: z.array(z.string()).optional(),
  forQueues: z.array(entityRef).optional(),
  forUsers: z.array(entityRef).optional(),
  wrapupCodes: z.array(entityRef).optional(),
  languages: z.array(entityRef).optional(),
  dateRanges: z.array(z.unknown()).optional(),
  timeAllowed: z
    .looseObject({
      timeSlots: z.array(z.unknown()).optional(),
      timeZoneId: z.string().optional(),
      empty: z.boolean().optional(),
    })
    .nullish(),
});

const mediaPolicySchema = z.looseObject({
  conditions: callConditionsSchema.optional(),
  actions: z
    .looseObject({
      retainRecording: z.boolean().optional(),
      initiateScreenRecording: z.looseObject({}).nullish(),
    })
    .optional(),
});

export const policySchema = z.looseObject({
  id,
  name: z.string(),
  enabled: z.boolean().optional(),
  order: z.number().int().optional(),
  createdDate: isoTimestamp.optional(),
  modifiedDate: isoTimestamp.optional(),
  /** The older, media-agnostic conditions; the models cannot evaluate them (policy_undetermined). */
  conditions: z.unknown().optional(),
  mediaPolicies: z
    .looseObject({
      callPolicy: mediaPolicySchema.optional(),
      chatPolicy: mediaPolicySchema.optional(),
      emailPolicy: mediaPolicySchema.optional(),
      messagePolicy: mediaPolicySchema.optional(),
    })
    .optional(),
});

export const divisionSchema = z.looseObject({ id, name: z.string(), homeDivision: z.boolean().optional() });

export type User = z.infer<typeof userSchema>;
export type Division = z.infer<typeof divisionSchema>;
export type Queue = z.infer<typeof queueSchema>;
export type Policy = z.infer<typeof policySchema>;
export type PolicyConditions = z.infer<typeof callConditionsSchema>;
