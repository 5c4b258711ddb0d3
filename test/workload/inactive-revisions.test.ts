// A replayed trace names definitions as SubmitJob does: a bare name is the latest ACTIVE revision
// (an INACTIVE one is deregistered), and a row naming an INACTIVE revision is refused at its line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulation.js';
import { problemsFrom } from '../helpers/problems.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-inactive-'));
const scenario = (rows: string) => {
  writeFileSync(join(dir, 'trace.csv'), `submitTime,jobName,jobQueue,jobDefinition\n${rows}`);
  const file = join(dir, 'replay.yaml');
  writeFileSync(file, `
name: replay
computeEnvironments:
  - computeEnvironmentName: ce
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 4, memory: 8192, pricePerHour: 0.1 }] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - { jobDefinitionName: etl, revision: 5, type: container, containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 50 } }
  - { jobDefinitionName: etl, revision: 6, status: INACTIVE, type: container, containerProperties: { vcpus: 2, memory: 1024 }, simulation: { duration: 60 } }
workloads:
  - { type: csv, file: trace.csv }
`);
  return file;
};

describe('replayed rows and INACTIVE revisions', () => {
  it('submits a bare name to the latest ACTIVE revision, not the newer INACTIVE one', () => {
    const s = loadScenario(scenario('0,a,q,etl\n'));
    const sim = simulate(s);
    // Revision 5's run time (50 s), not revision 6's (60 s).
    expect(sim.templates[sim.jobs.template.data[0]].jobDefinition).toBe('etl:5');
    expect(sim.jobs.stoppedAt.data[0] - sim.jobs.startedAt.data[0]).toBe(50_000);
    expect(s.jobDefinitions.map((d) => d.revision)).toEqual([5, 6]);
  });

  it('refuses a row that names the INACTIVE revision, at its line', () => {
    const problems = problemsFrom(() => loadScenario(scenario('0,a,q,etl\n1,b,q,etl:6\n')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'trace.csv', line: 3 });
    expect(problems[0].message).toContain('job definition "etl:6" is INACTIVE (deregistered), and AWS Batch refuses SubmitJob with an inactive job definition');
  });
});
