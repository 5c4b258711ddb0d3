// Scenario types, Step Functions sections: CreateStateMachine requests (`stateMachines:`) with
// their Amazon States Language definitions read into plain data, and StartExecution requests
// (`executions:`) with a start time. The runtime (src/stepfunctions) interprets these against
// the simulation's clock; names follow the States Language (docs/step-functions.md).

/** A CreateStateMachine request, validated. */
export interface StateMachineSpec {
  name: string;
  /** arn:aws:states:<region>:<account>:stateMachine:<name> (what StartExecution may name it by). */
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  /** roleArn as given (the context object's Execution.RoleArn), or null. */
  roleArn: string | null;
  definition: MachineSpec;
}

/** A state machine's states: the whole definition, a Parallel branch, or a Map's item processor. */
export interface MachineSpec {
  startAt: string;
  states: Record<string, StateSpec>;
  /** The definition's TimeoutSeconds (top level only), or null. */
  timeoutSeconds: number | null;
}

/** A StartExecution request, validated. */
export interface ExecutionSpec {
  /** Index into Scenario.stateMachines. */
  stateMachine: number;
  /** `name`, or null: a name is drawn (a UUID, as AWS gives) when the run starts it. */
  name: string | null;
  /** `input` as a JSON value (a JSON string in the request is parsed). */
  input: unknown;
  /** `startAt`, integer milliseconds since the scenario start. */
  startAtMs: number;
}

/**
 * A JSONPath as the definition gives it (`$…`, or `$$…` for the context object). Absent fields
 * keep their defaults ('$'); null is the States Language's null (an empty object, or no result).
 */
export type PathSpec = string;

/**
 * A payload template (Parameters, ResultSelector, ItemSelector) with its `.$` fields resolved:
 * a `.$` field's value is a path or an intrinsic function call; everything else is a literal.
 */
export type TemplateSpec =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; path: PathSpec }
  | { kind: 'call'; call: IntrinsicCall }
  | { kind: 'object'; fields: { key: string; value: TemplateSpec }[] }
  | { kind: 'array'; items: TemplateSpec[] };

/** `States.Name(arg, …)`: arguments are literals, paths or nested calls. */
export interface IntrinsicCall {
  name: string;
  args: IntrinsicArg[];
}

export type IntrinsicArg =
  /** `raw`: a string as written, escapes kept (States.Format tells `\{` from a placeholder). */
  | { kind: 'literal'; value: string | number | boolean | null; raw?: string }
  | { kind: 'path'; path: PathSpec }
  | { kind: 'call'; call: IntrinsicCall };

export interface RetrierSpec {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  /** Cap on one wait, seconds, or null. */
  maxDelaySeconds: number | null;
  /** FULL: each wait drawn uniformly in [0, the backed-off interval) (keyed draws, docs/step-functions.md). */
  jitterStrategy: 'FULL' | 'NONE';
}

export interface CatcherSpec {
  errorEquals: string[];
  next: string;
  /** Where the error output goes in the state's input; undefined: '$' (replaces it); null: discarded. */
  resultPath: PathSpec | null | undefined;
}

/** What every state may say about its input and output (undefined: '$'; null: {}). */
interface IoSpec {
  comment?: string;
  inputPath: PathSpec | null | undefined;
  outputPath: PathSpec | null | undefined;
}

/** Where the state goes next, or null for End. */
interface NextSpec {
  next: string | null;
}

/** Where a state's result goes in its input (undefined: '$', replace it; null: discard it). */
interface ResultSpec {
  resultPath: PathSpec | null | undefined;
}

interface ErrorHandling {
  retry: RetrierSpec[];
  catch: CatcherSpec[];
}

/** What a Task calls: a Batch SubmitJob (waiting for the job with .sync), or another integration, which completes at once. */
export type TaskResource =
  | { kind: 'batch'; sync: boolean; resource: string }
  | { kind: 'other'; resource: string };

export type StateSpec =
  | ({ type: 'Pass'; parameters: TemplateSpec | undefined; result: unknown } & IoSpec & NextSpec & ResultSpec)
  | ({
      type: 'Task';
      resource: TaskResource;
      parameters: TemplateSpec | undefined;
      resultSelector: TemplateSpec | undefined;
      timeoutSeconds: number | null;
      timeoutSecondsPath: PathSpec | null;
    } & IoSpec & NextSpec & ResultSpec & ErrorHandling)
  | ({ type: 'Wait'; wait: WaitSpec } & IoSpec & NextSpec)
  | ({ type: 'Choice'; choices: ChoiceRuleSpec[]; default: string | null } & IoSpec)
  | ({ type: 'Parallel'; branches: MachineSpec[]; parameters: TemplateSpec | undefined; resultSelector: TemplateSpec | undefined } & IoSpec & NextSpec & ResultSpec & ErrorHandling)
  | ({
      type: 'Map';
      itemsPath: PathSpec | undefined;
      itemSelector: TemplateSpec | undefined;
      processor: MachineSpec;
      /** 0: no limit of its own (AWS runs at most 40 iterations of an inline Map at once). */
      maxConcurrency: number;
      maxConcurrencyPath: PathSpec | null;
      resultSelector: TemplateSpec | undefined;
    } & IoSpec & NextSpec & ResultSpec & ErrorHandling)
  | ({ type: 'Succeed' } & IoSpec)
  | { type: 'Fail'; comment?: string; error: string | null; cause: string | null; errorPath: PathSpec | null; causePath: PathSpec | null };

export type WaitSpec =
  | { kind: 'seconds'; seconds: number }
  | { kind: 'timestamp'; timestamp: string }
  | { kind: 'secondsPath'; path: PathSpec }
  | { kind: 'timestampPath'; path: PathSpec };

/** Choice comparison operators (the States Language's names, without the `Path` suffix). */
export type ComparisonOperator =
  | 'StringEquals' | 'StringLessThan' | 'StringGreaterThan' | 'StringLessThanEquals' | 'StringGreaterThanEquals' | 'StringMatches'
  | 'NumericEquals' | 'NumericLessThan' | 'NumericGreaterThan' | 'NumericLessThanEquals' | 'NumericGreaterThanEquals'
  | 'BooleanEquals'
  | 'TimestampEquals' | 'TimestampLessThan' | 'TimestampGreaterThan' | 'TimestampLessThanEquals' | 'TimestampGreaterThanEquals'
  | 'IsNull' | 'IsPresent' | 'IsNumeric' | 'IsString' | 'IsBoolean' | 'IsTimestamp';

export type ChoiceRuleSpec = ChoiceConditionSpec & { next?: string };

export type ChoiceConditionSpec =
  | { kind: 'compare'; variable: PathSpec; operator: ComparisonOperator; value: unknown; isPath: boolean }
  | { kind: 'and'; rules: ChoiceConditionSpec[] }
  | { kind: 'or'; rules: ChoiceConditionSpec[] }
  | { kind: 'not'; rule: ChoiceConditionSpec };
