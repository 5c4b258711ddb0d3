// Runs the batchsim command line as a user would (through tsx, from the project root), for the
// end-to-end tests of each area. CI is unset and stderr is a pipe, so no progress bar appears.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

export function batchsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A small managed-EC2 scenario: one job and a 20-child array after it (21 jobs). */
export const SMALL_SCENARIO = `
name: small
seed: 5
settings: { instanceLaunchSeconds: 60 }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: { distribution: exponential, mean: 120 } }
jobs:
  - { jobName: first, jobQueue: q, jobDefinition: work }
  - { jobName: fan, jobQueue: q, jobDefinition: work, arrayProperties: { size: 20 }, dependsOn: [{ jobId: first }] }
`;

/** A scenario with two problems: an unknown compute environment and an array of size 1. */
export const BROKEN_SCENARIO = `
name: broken
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce-spot }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: 60 }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, arrayProperties: { size: 1 } }
`;
