// Scenarios around a workload, written to a temporary directory with the trace files they name,
// and the jobs a workload stream hands the simulation.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomStreams } from '../../src/engine/random.js';
import type { Problem } from '../../src/scenario/errors.js';
import { problemsFrom } from '../helpers/problems.js';
import { loadScenario, type LoadOptions } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { openScenarioWorkload } from '../../src/workload/open.js';
import type { WorkloadJob } from '../../src/workload/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCENARIO_DATA = join(ROOT, 'scenarios/data');
/** The shared reference data beside the clone (CI has it); tests that need it skip with a message otherwise. */
export const SHARED_TRACES = resolve(ROOT, '../shared/data/traces');
export const LCG = join(SHARED_TRACES, 'lcg-2005.swf.gz');
export const HAS_LCG = existsSync(LCG);
/** Appended to the names of tests that need the LCG trace, so a skip says why. */
export const LCG_NOTE = HAS_LCG ? '' : ` (skipped: ${LCG} not found — the shared data must be beside the clone)`;

/** Compute environments, queues and definitions the workload tests refer to. */
export const BASE = `
name: wl
seed: 3
startTime: 2026-01-05T00:00:00Z
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 4096, instanceTypes: [c6i, m6i] }
  - computeEnvironmentName: fg
    type: MANAGED
    computeResources: { type: FARGATE, maxvCpus: 64 }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
  - { jobQueueName: q2, priority: 2, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
  - { jobQueueName: fq, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: fg }] }
jobDefinitions:
  - jobDefinitionName: d
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: 60 }
  - jobDefinitionName: d
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: 120 }
  - jobDefinitionName: big
    type: container
    containerProperties: { vcpus: 4, memory: 8192 }
    simulation: { duration: 300 }
  - jobDefinitionName: fd
    type: container
    platformCapabilities: [FARGATE]
    containerProperties: { resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "2048" }] }
    simulation: { duration: 60 }
`;

/**
 * BASE with two fair-share queues after its FIFO ones (so their indices are 3 and 4): `fs` under
 * policy `teams` and `fs2` under `other` (spec §7).
 */
export const FAIR_BASE = BASE.replace('jobDefinitions:', `  - { jobQueueName: fs, priority: 1, schedulingPolicyArn: teams, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
  - { jobQueueName: fs2, priority: 1, schedulingPolicyArn: "arn:aws:batch:us-east-1:123456789012:scheduling-policy/other", computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
schedulingPolicies:
  - { name: teams, fairsharePolicy: { shareDistribution: [{ shareIdentifier: teamA, weightFactor: 0.5 }] } }
  - { name: other }
jobDefinitions:`);

/** Writes `files` and a scenario of BASE plus `workloads` (YAML text, indented as a top-level key) into a fresh directory. */
export function writeScenario(workloads: string, files: Record<string, string | Buffer> = {}, base = BASE): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-wl-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, `${base}\nworkloads:\n${workloads}\n`);
  return file;
}

export function load(workloads: string, files: Record<string, string | Buffer> = {}, options: LoadOptions = {}, base = BASE): Scenario {
  return loadScenario(writeScenario(workloads, files, base), options);
}

/** The problems a scenario file produces (fails the test if it loads). */
export function problemsOf(file: string, options: LoadOptions = {}): Problem[] {
  const problems = problemsFrom(() => loadScenario(file, options));
  if (problems.length === 0) throw new Error(`${file} loaded without problems`);
  return problems;
}

/** Every job of workload `i`, as the simulation would pull them with this seed. */
export function jobsOf(scenario: Scenario, i = 0, seed = scenario.seed): WorkloadJob[] {
  const stream = openScenarioWorkload(scenario, i, new RandomStreams(seed));
  const out: WorkloadJob[] = [];
  for (let j = stream.next(); j !== null; j = stream.next()) out.push({ ...j, dependsOn: [...j.dependsOn] });
  return out;
}

/** Job names as the simulation gives them (prefix + n for unnamed jobs). */
export function namesOf(scenario: Scenario, jobs: WorkloadJob[], i = 0): string[] {
  const w = scenario.workloads[i]!;
  const prefix = 'jobNamePrefix' in w ? w.jobNamePrefix : '';
  return jobs.map((j, n) => j.jobName ?? `${prefix}${n}`);
}
