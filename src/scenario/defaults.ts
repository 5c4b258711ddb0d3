// Defaults for everything a scenario file may leave out, and the AWS limits it is checked against.
// docs/scenario.md lists each one with its basis in spec/batch-semantics.md.
import type { Settings } from './types.js';

/** Modelling knobs (spec §17) when `settings` does not set them. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  schedulerCycleSeconds: 10,
  backfill: false,
  backfillDepth: 100,
  instanceLaunchSeconds: Object.freeze({ min: 120, max: 180 }),
  idleScaleDownSeconds: 600,
  imagePullSeconds: 15,
  cachedImageStartSeconds: 3,
  registeredMemoryFraction: 0.97,
  agentReservedMemoryMiB: 32,
  horizonSeconds: null,
  optimalMeans: 'default_x86_64',
  timeoutEnforcementSeconds: 0,
  terminateGraceSeconds: 0,
  region: 'us-east-1',
  pricing: Object.freeze({ onDemandDiscountPct: 0, familyDiscountPct: Object.freeze({}), onDemandPrices: Object.freeze({}) }),
  spot: Object.freeze({
    // Spot Instance Advisor band midpoints, 25 % for ">20%" (pricing-and-latency §3.2, an assumption).
    interruptionRateByBand: Object.freeze({ '<5%': 0.025, '5-10%': 0.075, '10-15%': 0.125, '15-20%': 0.175, '>20%': 0.25 }),
    defaultBand: '>20%',
    defaultSavingsPct: 60,
    noticeSeconds: 120,
    spilloverOnInsufficientCapacity: false,
    pools: Object.freeze([]),
    priceTrace: Object.freeze([]),
  }),
  fargate: Object.freeze({
    startSeconds: 30,
    spotDiscount: 0.7,
    spotMonthlyInterruptionRate: 0.05,
    // us-east-1 Linux (pricing-and-latency §1).
    x86VcpuHour: 0.04048,
    x86GbHour: 0.004445,
    armVcpuHour: 0.03238,
    armGbHour: 0.00356,
  }),
}) as unknown as Readonly<Settings>;

export const DEFAULT_SEED = 1;
export const DEFAULT_START_TIME = '2026-01-01T00:00:00Z';

/** AWS Batch quotas and API limits (spec §15 and the sections cited). */
export const LIMITS = Object.freeze({
  computeEnvironments: 50,
  jobQueues: 50,
  computeEnvironmentsPerQueue: 3,
  dependenciesPerJob: 20,
  arraySizeMin: 2,
  arraySizeMax: 10_000,
  retryAttemptsMin: 1,
  retryAttemptsMax: 10,
  evaluateOnExitMax: 5,
  patternMaxLength: 512,
  attemptDurationSecondsMin: 60,
  nameMaxLength: 128,
  minScaleDownDelayMinutesMin: 20,
  minScaleDownDelayMinutesMax: 10_080,
  jobStateTimeLimitSecondsMin: 600,
  jobStateTimeLimitSecondsMax: 86_400,
  memoryMiBMin: 4,
  /**
   * Sizes of one job or one instance shape (batchsim's bounds, well above any EC2 instance: the
   * largest have 1,920 vCPUs, 32 TiB and 8 GPUs), so that sizes stay small exact integers.
   */
  vcpusMax: 4096,
  memoryMiBMax: 64 * 1024 * 1024,
  gpusMax: 64,
  /** CreateJobQueue priority (CloudFormation's AWS::Batch::JobQueue schema: 0–1000). */
  priorityMax: 1000,
  /** FairsharePolicy (spec §7.1): shareDecaySeconds up to one week, computeReservation 0–99. */
  shareDecaySecondsMax: 604_800,
  computeReservationMax: 99,
  /** ShareAttributes.weightFactor (a Float, spec §7.1). */
  weightFactorMin: 0.0001,
  weightFactorMax: 999.9999,
  /**
   * Entries of one shareDistribution: AWS documents no limit on them, only 500 active share
   * identifiers per queue (spec §7.1, §15); batchsim takes the same bound.
   */
  shareDistributionMax: 500,
  /** schedulingPriority and schedulingPriorityOverride (spec §7.2). */
  schedulingPriorityMax: 9999,
  /** Multi-node parallel jobs (spec §12, §15): 1,000 nodes per job (the ECS cluster default) and 5 node groups (node ranges). */
  numNodesMin: 1,
  numNodesMax: 1000,
  nodeRangesMax: 5,
});
