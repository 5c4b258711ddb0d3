// statusReason strings (spec §1.4). Documented ones are AWS's text; the observed ones are what
// users' retry rules match on (e.g. `onStatusReason: "Host EC2*"`), so keep them to the letter.
export const StatusReason = {
  /** [OBS] every container exit, success included (the success case is UNCONFIRMED). */
  ESSENTIAL_CONTAINER_EXITED: 'Essential container in task exited',
  /** [OBS] exact casing UNCONFIRMED. */
  DEPENDENT_JOB_FAILED: 'Dependent Job failed',
  /** Prefix documented; the text after it is AWS's console wording (UNCONFIRMED in the API). */
  JOB_RESOURCE_REQUIREMENT:
    'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
  COMPUTE_ENVIRONMENT_MAX_RESOURCE:
    'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.',
} as const;
