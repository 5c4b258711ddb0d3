// Name rules and ARN forms of AWS Batch resources, so that references may use either.

/** Compute environments, job queues, job definitions: up to 128 letters, digits, hyphens, underscores. */
export const RESOURCE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
export const RESOURCE_NAME_RULE = 'a name of up to 128 letters, digits, hyphens (-) and underscores (_)';

/** Job names must also start with a letter or digit. */
export const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const JOB_NAME_RULE = 'a name of up to 128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit';

const ARN = /^arn:aws[a-z-]*:batch:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/**
 * The name inside `arn:aws:batch:<region>:<account>:<resource>/<name>`, or the string itself when
 * it is not an ARN; undefined when it is an ARN of another resource type.
 */
export function nameFromReference(ref: string, resource: 'compute-environment' | 'job-queue' | 'job-definition'): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  const m = ARN.exec(ref);
  return m && m[1] === resource ? m[2] : undefined;
}
