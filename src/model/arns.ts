// The account, region and ARNs batchsim writes into its outputs (events.jsonl, Step Functions
// task results): placeholders, the same in every run, so the same seed gives the same bytes.
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

const BATCH = `arn:aws:batch:${REGION}:${ACCOUNT}`;
export const jobArn = (jobId: string) => `${BATCH}:job/${jobId}`;
export const jobQueueArn = (name: string) => `${BATCH}:job-queue/${name}`;
export const jobDefinitionArn = (nameRevision: string) => `${BATCH}:job-definition/${nameRevision}`;
