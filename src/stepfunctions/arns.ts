// Reading a state machine ARN back (the ARNs batchsim writes are made in src/model/arns.ts).

/** The state machine a StartExecution names: its name, or the name inside its ARN (null when the ARN is malformed or has a version or alias). */
export function stateMachineName(ref: string): string | null {
  if (!ref.startsWith('arn:')) return ref;
  const m = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(ref);
  return m ? m[1]! : null;
}

