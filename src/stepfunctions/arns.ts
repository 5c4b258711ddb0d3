// ARNs of the Step Functions resources of a run, in the placeholder account and region every ARN
// batchsim writes uses (src/model/arns.ts, where the Batch ARNs are).
import { ACCOUNT, REGION } from '../model/arns.js';

export { jobArn, jobDefinitionArn, jobQueueArn } from '../model/arns.js';

export const stateMachineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const executionArn = (machine: string, name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${name}`;

/** The state machine a StartExecution names: its name, or the name inside its ARN (null when the ARN is malformed or has a version or alias). */
export function stateMachineName(ref: string): string | null {
  if (!ref.startsWith('arn:')) return ref;
  const m = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(ref);
  return m ? m[1]! : null;
}

