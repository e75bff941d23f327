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

const callConditionsSchema = z.looseObject({
  directions: z.array(z.string()).optional(),
  forQueues: z.array(entityRef).optional(),
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
