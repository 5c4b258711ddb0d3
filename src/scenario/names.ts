// Name rules and ARN forms of AWS Batch resources, so that references may use either.

/** Compute environments, job queues, job definitions, scheduling policies: up to 128 letters, digits, hyphens, underscores. */
export const RESOURCE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
export const RESOURCE_NAME_RULE = 'a name of up to 128 letters, digits, hyphens (-) and underscores (_)';

/** Job names must also start with a letter or digit. */
export const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const JOB_NAME_RULE = 'a name of up to 128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit';

/**
 * Share identifiers (SubmitJob shareIdentifier, a fair-share policy's shareDistribution): "limited
 * to 255 alphanumeric characters" (API ShareAttributes, SubmitJob). Older pages gave `UserA-1` as
 * an example next to that rule; the current ones write `UserA1`, so hyphens and underscores are
 * refused. One rule for scenario jobs, generators and replayed traces.
 */
export const SHARE_IDENTIFIER = /^[A-Za-z0-9]{1,255}$/;
export const SHARE_IDENTIFIER_RULE = 'up to 255 letters and digits';
/** A shareDistribution entry: a share identifier, or a prefix of one followed by a single `*`. */
export const SHARE_ENTRY = /^[A-Za-z0-9]{1,255}\*?$/;
export const SHARE_ENTRY_RULE = 'up to 255 letters and digits, optionally followed by a single * (a prefix)';

const ARN = /^arn:aws[a-z-]*:batch:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/**
 * The name inside `arn:aws:batch:<region>:<account>:<resource>/<name>`, or the string itself when
 * it is not an ARN; undefined when it is an ARN of another resource type.
 */
export function nameFromReference(ref: string, resource: 'compute-environment' | 'job-queue' | 'job-definition' | 'scheduling-policy'): string | undefined {
  if (!ref.startsWith('arn:')) return ref;
  const m = ARN.exec(ref);
  return m && m[1] === resource ? m[2] : undefined;
}
