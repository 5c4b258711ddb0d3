// AWS Batch features batchsim does not simulate, by the request that can ask for them: the message
// for each field that does (Fields.allow reports it as a problem, saying so). One table, so that the
// same feature reads the same wherever it is asked for.
const EKS = 'EKS jobs are not supported';
const CONSUMABLE = 'consumable resources are not supported yet';

export const UNSUPPORTED = Object.freeze({
  /** RegisterJobDefinition. */
  jobDefinition: {
    ecsProperties: 'ecsProperties (multi-container jobs) are not supported yet; use containerProperties',
    eksProperties: `${EKS}; use containerProperties`,
    consumableResourceProperties: CONSUMABLE,
  },
  /** A multinode definition's NodeRangeProperty. */
  nodeRange: {
    ecsProperties: 'ecsProperties (multi-container node ranges) are not supported yet; use container',
    eksProperties: `${EKS}; use container`,
    consumableResourceProperties: CONSUMABLE,
  },
  /** SubmitJob. */
  submitJob: {
    ecsPropertiesOverride: 'ecsProperties (multi-container jobs) are not supported yet',
    eksPropertiesOverride: EKS,
    consumableResourcePropertiesOverride: CONSUMABLE,
  },
  /** SubmitJob's NodePropertyOverride. */
  nodeOverride: {
    ecsPropertiesOverride: 'ecsPropertiesOverride (multi-container node ranges) is not supported yet; use containerOverrides',
    eksPropertiesOverride: EKS,
    consumableResourcePropertiesOverride: CONSUMABLE,
  },
  /** CreateSchedulingPolicy and UpdateSchedulingPolicy. */
  schedulingPolicy: {
    quotaSharePolicy: 'quotaSharePolicy is for SageMaker training job queues, which are not supported (use fairsharePolicy)',
  },
});
