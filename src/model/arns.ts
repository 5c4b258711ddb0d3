// The account, region and ARNs batchsim writes into its outputs (events.jsonl, Step Functions
// task results and execution ARNs): the scenario's settings.region and its partition (aws,
// aws-us-gov), and a placeholder account, so that an EventBridge rule written with the account's
// real queue ARNs matches once the account number is set to 123456789012 — and the same seed gives
// the same bytes.
export const ACCOUNT = '123456789012';

/** The partition an AWS Region belongs to (arn:<partition>:…). */
export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** The ARNs of one run's resources, in its Region. */
export class Arns {
  readonly partition: string;
  private readonly batch: string;
  private readonly states: string;

  constructor(readonly region: string) {
    this.partition = partitionOf(region);
    this.batch = `arn:${this.partition}:batch:${region}:${ACCOUNT}`;
    this.states = `arn:${this.partition}:states:${region}:${ACCOUNT}`;
  }

  jobArn(jobId: string): string {
    return `${this.batch}:job/${jobId}`;
  }

  jobQueueArn(name: string): string {
    return `${this.batch}:job-queue/${name}`;
  }

  jobDefinitionArn(nameRevision: string): string {
    return `${this.batch}:job-definition/${nameRevision}`;
  }

  stateMachineArn(name: string): string {
    return `${this.states}:stateMachine:${name}`;
  }

  executionArn(machine: string, name: string): string {
    return `${this.states}:execution:${machine}:${name}`;
  }
}
