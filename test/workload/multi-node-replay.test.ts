// Replays submit container jobs: a replayed row (or a replay's default) naming a multi-node
// definition is a row problem saying so, which --skip-invalid can leave out (docs/workloads.md).
import { describe, expect, it } from 'vitest';
import { BASE, load, problemsOf, writeScenario } from './helpers.js';

const MNP_BASE = `${BASE}  - jobDefinitionName: mpi
    type: multinode
    nodeProperties:
      numNodes: 2
      mainNode: 0
      nodeRangeProperties:
        - { targetNodes: "0:1", container: { vcpus: 4, memory: 4096, instanceType: c6i.xlarge } }
    simulation: { duration: 60 }
`;
const MESSAGE = 'job definition "mpi:1" is a multi-node (type multinode) definition: a replayed row is a container job (submit multi-node jobs in jobs)';

describe('a replay naming a multi-node definition', () => {
  it('is a row problem at the row\'s jobDefinition cell', () => {
    const file = writeScenario('  - { type: csv, file: jobs.csv, jobQueue: q }', { 'jobs.csv': 'submitTime,jobName,jobDefinition\n0,a,d\n1,b,mpi\n' }, MNP_BASE);
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, message: expect.stringContaining(MESSAGE) });
  });

  it('is left out with --skip-invalid, and the other rows run', () => {
    const s = load('  - { type: csv, file: jobs.csv, jobQueue: q }', { 'jobs.csv': 'submitTime,jobName,jobDefinition\n0,a,d\n1,b,mpi\n' }, { skipInvalid: true }, MNP_BASE);
    expect(s.rejectedRows).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining(MESSAGE) })]);
  });

  it('is refused as a replay\'s default definition too', () => {
    const file = writeScenario('  - { type: csv, file: jobs.csv, jobQueue: q, jobDefinition: mpi }', { 'jobs.csv': 'submitTime,jobName\n0,a\n' }, MNP_BASE);
    expect(problemsOf(file).map((p) => p.message).join('\n')).toContain(MESSAGE);
  });
});
