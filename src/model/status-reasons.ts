// statusReason strings (spec §1.4). Documented ones are AWS's text; the observed ones are what
// users' retry rules match on (e.g. `onStatusReason: "Host EC2*"`), so keep them to the letter.
export const StatusReason = {
  /** [OBS] every container exit, success included (the success case is UNCONFIRMED). */
  ESSENTIAL_CONTAINER_EXITED: 'Essential container in task exited',
  /** [OBS] exact casing UNCONFIRMED. */
  DEPENDENT_JOB_FAILED: 'Dependent Job failed',
  /** [OBS] the attempt ran past timeout.attemptDurationSeconds. */
  TIMEOUT: 'Job attempt duration exceeded timeout',
  /** Prefix documented; the text after it is AWS's console wording (UNCONFIRMED in the API). */
  JOB_RESOURCE_REQUIREMENT:
    'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
  COMPUTE_ENVIRONMENT_MAX_RESOURCE:
    'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.',
} as const;

/** [UG] the queue-blocked reason when EC2 cannot supply an instance type. */
export function insufficientCapacity(instanceType: string): string {
  return `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [${instanceType}]`;
}

/** [OBS] a Spot reclaim or lost host; users match `Host EC2*`. */
export function hostTerminated(instanceId: string): string {
  return `Host EC2 (instance ${instanceId}) terminated.`;
}

/** ECS's stoppedReason for a Fargate Spot interruption (UNCONFIRMED as a Batch statusReason). */
/** How the statusReason of a job SubmitJob refused begins (a DISABLED queue, a fair share's active-share limit): it ends FAILED at once. */
export const SUBMIT_REFUSED = 'SubmitJob refused:';

export const FARGATE_SPOT_INTERRUPTED = 'Your Spot Task was interrupted.';

/** [OBS] container.reason of a container killed for exceeding its memory (exit code 137); users match `OutOfMemoryError*`. */
export const OUT_OF_MEMORY = 'OutOfMemoryError: Container killed due to memory usage';

/**
 * [OBS] statusReason and container.reason of an attempt whose image could not be pulled; users
 * match `CannotPullContainerError*`. The text after the prefix is the ECS agent's wording for a
 * missing image (UNCONFIRMED which of its messages Batch shows).
 */
export function cannotPullContainer(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`;
}

/** [UG] what a jobStateTimeLimitActions CANCEL leaves. */
export function timeLimitCancelled(code: string): string {
  return `Canceled by JobStateTimeLimit action due to reason: ${code}`;
}

/** The code of a blocked reason: the part before ` - ` (e.g. `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY`). */
export function reasonCode(statusReason: string): string {
  const i = statusReason.indexOf(' - ');
  return i < 0 ? statusReason : statusReason.slice(0, i);
}
