// ARNs of the Step Functions resources of a run. The account and region are the placeholders
// batchsim gives every ARN it writes (events.jsonl's Batch ARNs use the same).
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export const stateMachineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const executionArn = (machine: string, name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${name}`;

/** The state machine a StartExecution names: its name, or the name inside its ARN (null when the ARN is malformed or has a version or alias). */
export function stateMachineName(ref: string): string | null {
  if (!ref.startsWith('arn:')) return ref;
  const m = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(ref);
  return m ? m[1]! : null;
}

const BATCH = `arn:aws:batch:${REGION}:${ACCOUNT}`;
export const jobArn = (jobId: string) => `${BATCH}:job/${jobId}`;
export const jobQueueArn = (name: string) => `${BATCH}:job-queue/${name}`;
export const jobDefinitionArn = (nameRevision: string) => `${BATCH}:job-definition/${nameRevision}`;
