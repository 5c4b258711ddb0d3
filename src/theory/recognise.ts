// Whether a scenario is a queueing model batchsim has a formula for (docs/model.md, "Queueing
// theory"): one FIFO job queue on c identical one-job slots, dispatch the instant a slot frees,
// Poisson arrivals, independent run times that nothing cuts short or repeats. Read from the
// scenario alone, before anything runs; the first condition it does not meet is the reason given.
import { registeredMemoryMiB } from '../market/catalog.js';
import { slots } from '../model/instances.js';
import type { PoissonWorkloadSpec, Scenario } from '../scenario/types.js';
import { serviceMoments, type ServiceMoments } from './service.js';
import { roundTo } from '../util/round.js';

/** A recognised queue: M/·/c with its parameters. */
export interface QueueModel {
  /** Kendall notation: M/M/1, M/M/c, M/D/1, M/D/c, M/G/1 or M/G/c. */
  model: string;
  jobQueue: string;
  /** Servers: one-job slots of the queue's compute environments. */
  c: number;
  /** Arrivals per second, 1 / meanInterarrivalSeconds. */
  lambda: number;
  service: ServiceMoments;
}

export type Recognition = { model: QueueModel; reason: null } | { model: null; reason: string };

const no = (reason: string): Recognition => ({ model: null, reason });

export function recogniseQueue(scenario: Scenario): Recognition {
  const s = scenario.settings;
  if (scenario.jobQueues.length !== 1) return no(`the scenario has ${scenario.jobQueues.length} job queues (one is needed)`);
  const queue = scenario.jobQueues[0];
  const at = `job queue "${queue.jobQueueName}"`;
  if (queue.state !== 'ENABLED') return no(`${at} is ${queue.state}`);
  if (queue.schedulingPolicy) return no(`${at} has a fair-share scheduling policy (a FIFO queue is needed)`);
  if (queue.jobStateTimeLimitActions.length > 0) return no(`${at} has jobStateTimeLimitActions (they cancel waiting jobs)`);

  // Instant dispatch: a job is placed the moment a slot is free, and runs at once.
  if (s.schedulerCycleSeconds !== 0) return no(`settings.schedulerCycleSeconds is ${s.schedulerCycleSeconds} (0 is needed: dispatch the instant a slot frees)`);
  if (s.imagePullSeconds !== 0) return no(`settings.imagePullSeconds is ${s.imagePullSeconds} (0 is needed: a job holds its slot only while it runs)`);
  if (s.cachedImageStartSeconds !== 0) return no(`settings.cachedImageStartSeconds is ${s.cachedImageStartSeconds} (0 is needed)`);

  // Poisson arrivals and nothing else.
  if (scenario.workloads.length !== 1 || scenario.workloads[0].type !== 'poisson') return no('the scenario needs exactly one workload, of type poisson');
  if (scenario.jobs.length > 0) return no(`the scenario submits ${scenario.jobs.length} job(s) in jobs: besides the Poisson workload`);
  if (scenario.actions.length > 0) return no(`the scenario has ${scenario.actions.length} action(s) (they change the system while it runs)`);
  if ((scenario.executions?.length ?? 0) > 0) return no('the scenario starts Step Functions executions (they submit jobs of their own)');
  const workload = scenario.workloads[0] as PoissonWorkloadSpec;

  // One job definition whose attempts run once, for their drawn time.
  const def = scenario.jobDefinitions[workload.jobDefinition];
  const dat = `job definition "${def.jobDefinitionName}"`;
  const sim = def.simulation;
  if (def.type !== 'container' || def.nodeProperties) return no(`${dat} is a multi-node job (a container job is needed)`);
  if (def.attemptDurationSeconds !== null) return no(`${dat} has a timeout (it would cut run times short)`);
  if (sim.memory !== null) return no(`${dat} draws its peak memory (simulation.memory): an attempt may be killed part-way`);
  if (sim.imagePullFailureProbability > 0) return no(`${dat} has image pulls that fail (simulation.imagePullFailureProbability)`);
  const mayFail = sim.exitCodes.length > 0 ? sim.exitCodes.some((e) => e.exitCode !== 0 && e.weight > 0) : sim.exitCode !== 0;
  if (mayFail && (def.retryStrategy?.attempts ?? 1) > 1) return no(`${dat} retries attempts that fail (a retried job arrives again)`);

  // c identical one-job slots.
  let c = 0;
  for (const name of queue.computeEnvironmentOrder) {
    const ce = scenario.computeEnvironments.find((e) => e.computeEnvironmentName === name)!;
    const cat = `compute environment "${name}"`;
    if (ce.type !== 'UNMANAGED') return no(`${cat} is ${ce.type} (an UNMANAGED environment with a fixed simulation.fleet is needed)`);
    if (ce.state !== 'ENABLED') return no(`${cat} is ${ce.state}`);
    for (const shape of ce.fleet) {
      const memory = registeredMemoryMiB(shape.memoryMiB, s.registeredMemoryFraction, s.agentReservedMemoryMiB);
      const fits = slots(shape.vcpus, memory, shape.gpus, def.vcpus, def.memory, def.gpus);
      if (fits !== 1) return no(`instance type ${shape.instanceType} of ${cat} holds ${fits} jobs of ${dat} at once (each instance must hold exactly one)`);
      const speedup = sim.speedupByFamily[shape.family] ?? 1;
      if (speedup !== 1) return no(`${dat} runs ${speedup}× faster on family ${shape.family} (every slot must serve at the same speed)`);
    }
    c += ce.fleet.length;
  }
  if (c === 0) return no(`${at} has no slots (its compute environments have no fleet)`);

  const service = serviceMoments(sim.duration);
  if ('problem' in service) return no(`${dat}: ${service.problem}`);
  if (!(service.meanSeconds > 0)) return no(`${dat} has a mean run time of 0 s`);
  const lambda = 1 / workload.meanInterarrivalSeconds;
  const rho = (lambda * service.meanSeconds) / c;
  if (!(rho < 1)) return no(`the queue is unstable: utilisation ρ = λ·m/c = ${roundTo(rho, 4)} ≥ 1 (the queue grows without bound)`);
  const letter = service.kind === 'exponential' ? 'M' : service.kind === 'deterministic' ? 'D' : 'G';
  return { model: { model: `M/${letter}/${c === 1 ? '1' : 'c'}`, jobQueue: queue.jobQueueName, c, lambda, service }, reason: null };
}

