// What the recording cannot tell by itself, by abstract path (`[]` a list's items, `*` a map's
// entries): which mappings the user names the keys of, which AWS objects batchsim reads only in
// part, the pattern of the user's own keys, and a few descriptions. Generation fails when the
// corpus meets a mapping read without allow() that is in neither list, or when an entry here is
// never met, so this table cannot go stale either.

export interface Shapes {
  /** Mappings whose keys the user names (a family, a value of a trace, a sweep path). */
  maps: readonly string[];
  /** AWS objects batchsim reads in part: the keys it reads are described, others pass unread. */
  partial: readonly string[];
  /** The user's own keys that allow() lets pass (`free`), as a pattern, by the mapping's path. */
  free: Readonly<Record<string, string>>;
  /** Descriptions by path (`free:<path>` for the user's own keys there). */
  descriptions: Readonly<Record<string, string>>;
}

const OWN_KEY = 'The user\'s own key (x-…): batchsim ignores it, e.g. to hold YAML anchors that sections merge in.';

export const SCENARIO_SHAPES: Shapes = {
  maps: [
    'jobDefinitions[].simulation.speedup', 'jobDefinitions[].nodeProperties.nodeRangeProperties[].simulation.speedup', 'jobs[].simulation.speedup',
    'workloads[].jobQueueMap', 'workloads[].jobDefinitionMap', 'workloads[].partitionMap',
    // A state machine's states by name (a Parallel branch's and a Map's are the same place: one $ref).
    'stateMachines[].definition.States',
    // Negotiated rates by family and by instance type (docs/scenario.md, settings.pricing).
    'settings.pricing.familyDiscountPct', 'settings.pricing.onDemandPrices',
  ],
  // A Task's Parameters: those of a Batch integration are read as SubmitJob's; others pass as given.
  partial: ['stateMachines[].definition.States.*.Parameters', 'stateMachines[].definition.States.*.Parameters.DependsOn[]'],
  free: { '': '^x-' },
  descriptions: {
    'free:': OWN_KEY,
    name: 'The scenario\'s name: letters, digits, dots, hyphens and underscores; it names the report directory (default: the file name).',
    seed: 'The root seed of every random stream (default 1); --seed overrides it.',
    startTime: 'The wall-clock instant of t = 0, an ISO-8601 date-time with a zone, e.g. 2026-01-05T00:00:00Z; times in outputs count from it.',
    settings: 'Modelling knobs (docs/scenario.md, "settings"); anything left out keeps its default.',
    computeEnvironments: 'CreateComputeEnvironment requests.',
    'computeEnvironments[].simulation': 'Not AWS: the instances of an UNMANAGED compute environment.',
    jobQueues: 'CreateJobQueue requests.',
    schedulingPolicies: 'CreateSchedulingPolicy requests: fair-share policies that job queues name in schedulingPolicyArn.',
    jobDefinitions: 'RegisterJobDefinition requests, each with a simulation block. Registering a name again makes its next revision.',
    'jobDefinitions[].simulation': 'Not AWS: how the container behaves when it runs (run time, exit codes, memory, speedups, checkpoints).',
    'jobDefinitions[].simulation.duration': 'Seconds the container runs: a number, or { distribution: fixed | uniform | exponential | lognormal | normal, … }.',
    jobs: 'SubmitJob requests, each submitted submitAt seconds after the start.',
    'jobs[].submitAt': 'Seconds after the start when the job is submitted (default 0).',
    'jobs[].simulation': 'Not AWS: fields that replace those of the job definition\'s simulation block for this job.',
    workloads: 'Generated and replayed submissions: poisson, synthetic, csv, swf, describe-jobs (docs/workloads.md).',
    actions: 'Timed API calls, each at `at` seconds: CancelJob, TerminateJob, UpdateComputeEnvironment, UpdateJobQueue, UpdateSchedulingPolicy, and the non-AWS InterruptSpotInstances.',
    expect: 'Bounds on the run\'s results that batchsim check judges (docs/check.md).',
  },
};

export const SWEEP_SHAPES: Shapes = {
  // A configuration sets paths of the scenario; a baseline of axes gives a value per axis name.
  maps: ['configurations[].set', 'baseline'],
  partial: [],
  free: { '': '^x-' },
  descriptions: {
    'free:': OWN_KEY,
    axes: 'Every combination of one value from each axis is a configuration (give axes or configurations).',
    configurations: 'An explicit list of configurations, each setting paths of the scenario (give axes or configurations).',
    baseline: 'The configuration paired differences are against: its name (configurations), or a value for each axis (axes).',
    objective: 'What the recommendation optimises: { minimize: <metric> } or { maximize: <metric> } (default: minimize cost.totalUsd).',
    constraints: 'Bounds a configuration must meet with the given probability (default 0.9).',
  },
};
