// EventBridge event patterns (src/events/pattern.ts), as a table built from the examples of the
// EventBridge User Guide — "Creating event patterns", "Comparison operators", "Matching on multiple
// field values", "Matching null values and empty strings", "Content filtering" — and of the AWS
// Batch User Guide (job state change events, the SNS tutorial's FAILED rule): for each documented
// pattern, the events it matches and those it does not. Then the patterns EventBridge refuses, and
// two properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEventPattern, eventPattern, MAX_PATTERN_CHARS, parseEventPattern } from '../../src/events/pattern.js';

type Json = Record<string, unknown>;

/** The EC2 state-change event the guide opens with ("Amazon EventBridge event patterns"). */
const EC2 = {
  version: '0', id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2',
  account: '111122223333', time: '2017-12-22T18:43:48Z', region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** `EC2` with other top-level fields or another detail. */
const ec2 = (over: Json = {}, detail?: Json): Json => ({ ...EC2, ...over, ...(detail ? { detail } : {}) });

/** The Auto Scaling event of "Matching null values and empty strings". */
const ASG_LAUNCH = {
  version: '0', id: '3e3c153a-8339-4e30-8c35-687ebef853fe', 'detail-type': 'EC2 Instance Launch Successful', source: 'aws.autoscaling',
  account: '123456789012', time: '2015-11-11T21:31:47Z', region: 'us-east-1', resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const QUEUE_ARN = 'arn:aws:batch:us-east-1:123456789012:job-queue/PexjEHappyPathCanary2JobQueue';

/** A "Batch Job State Change" as the Batch guide shows one (Job state change events), trimmed. */
function batchEvent(status: string, detail: Json = {}): Json {
  return {
    version: '0', id: 'c8f9c4b5-76e5-d76a-f980-7011e206042b', 'detail-type': 'Batch Job State Change', source: 'aws.batch',
    account: '123456789012', time: '2022-01-11T23:36:40Z', region: 'us-east-1',
    resources: ['arn:aws:batch:us-east-1:123456789012:job/4c7599ae-0a82-49aa-ba5a-4727fcce14a8'],
    detail: {
      jobArn: 'arn:aws:batch:us-east-1:123456789012:job/4c7599ae-0a82-49aa-ba5a-4727fcce14a8', jobName: 'event-test',
      jobId: '4c7599ae-0a82-49aa-ba5a-4727fcce14a8', jobQueue: QUEUE_ARN, status, attempts: [], createdAt: 1641944200058,
      retryStrategy: { attempts: 2, evaluateOnExit: [] }, dependsOn: [],
      jobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/first-run-job-definition:1', parameters: {},
      container: { image: 'busybox', vcpus: 2, memory: 2000, command: ['echo', 'hello world'], resourceRequirements: [{ value: '2', type: 'VCPU' }, { value: '2000', type: 'MEMORY' }] },
      tags: {}, platformCapabilities: ['EC2'],
      ...detail,
    },
  };
}

interface Case {
  name: string;
  pattern: Json;
  match: Json[];
  noMatch: Json[];
}

const CASES: Case[] = [
  // --- Creating event patterns / Matching event values ------------------------------------------
  {
    name: 'the guide\'s EC2 termination pattern: source, detail-type and a detail field',
    pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } },
    match: [EC2],
    noMatch: [ec2({}, { 'instance-id': 'i-1', state: 'running' }), ec2({ source: 'aws.s3' }), ec2({}, { 'instance-id': 'i-1' }), ec2({ detail: 'terminated' })],
  },
  {
    name: 'a list of values matches any of them (aws.ec2 or aws.fargate)',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    match: [EC2, ec2({ source: 'aws.fargate' })],
    noMatch: [ec2({ source: 'aws.s3' }), ec2({ source: 'AWS.EC2' }), (({ source: _s, ...rest }) => rest)(EC2)],
  },
  {
    name: 'strings are matched exactly, without case folding or trimming',
    pattern: { 'detail-type': ['EC2 Instance State-change Notification'] },
    match: [EC2],
    noMatch: [ec2({ 'detail-type': 'ec2 instance state-change notification' }), ec2({ 'detail-type': 'EC2 Instance State-change Notification ' })],
  },
  {
    name: 'field names are case-sensitive',
    pattern: { Source: ['aws.ec2'] },
    match: [{ Source: 'aws.ec2' }],
    noMatch: [EC2],
  },
  // --- Matching on multiple field values (arrays) -------------------------------------------------
  {
    name: 'an array in the event matches when it shares a value with the pattern\'s (Arrays in event patterns)',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    match: [{
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    }],
    noMatch: [{ resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] }, { resources: [] }],
  },
  {
    name: 'a pattern object over a list of objects needs one element to satisfy it whole (array-consistent)',
    pattern: { detail: { attempts: { container: { exitCode: [137] }, statusReason: [{ prefix: 'Host EC2' }] } } },
    match: [batchEvent('FAILED', { attempts: [
      { container: { exitCode: 1 }, statusReason: 'Essential container in task exited' },
      { container: { exitCode: 137 }, statusReason: 'Host EC2 (instance i-0a) terminated.' },
    ] })],
    noMatch: [batchEvent('FAILED', { attempts: [
      { container: { exitCode: 137 }, statusReason: 'Essential container in task exited' },
      { container: { exitCode: 1 }, statusReason: 'Host EC2 (instance i-0a) terminated.' },
    ] })],
  },
  {
    name: 'a leaf field under a list of objects matches when any element has the value',
    pattern: { detail: { container: { resourceRequirements: { type: ['GPU'] } } } },
    match: [batchEvent('RUNNING', { container: { resourceRequirements: [{ value: '2', type: 'VCPU' }, { value: '1', type: 'GPU' }] } })],
    noMatch: [batchEvent('RUNNING')],
  },
  // --- Matching null values and empty strings ----------------------------------------------------
  {
    name: 'an empty string matches an empty string only',
    pattern: { detail: { eventVersion: [''] } },
    match: [ASG_LAUNCH],
    noMatch: [{ ...ASG_LAUNCH, detail: { eventVersion: null } }, { ...ASG_LAUNCH, detail: {} }],
  },
  {
    name: 'null matches null only — null and "" are not interchangeable',
    pattern: { detail: { responseElements: [null] } },
    match: [ASG_LAUNCH],
    noMatch: [{ ...ASG_LAUNCH, detail: { responseElements: '' } }, { ...ASG_LAUNCH, detail: {} }],
  },
  {
    name: '[null] does not match an empty array (no leaf there)',
    pattern: { resources: [null] },
    match: [{ resources: null }],
    noMatch: [ASG_LAUNCH],
  },
  {
    name: 'numbers and booleans are matched by value and type (Matching events on event field values)',
    pattern: { source: ['aws.macie'], detail: { severity: { score: [1] }, count: [2], archived: [false] } },
    match: [{ source: 'aws.macie', detail: { severity: { score: 1, description: 'Low' }, count: 2, archived: false } }],
    noMatch: [
      { source: 'aws.macie', detail: { severity: { score: '1' }, count: 2, archived: false } },
      { source: 'aws.macie', detail: { severity: { score: 1 }, count: 2, archived: 'false' } },
      { source: 'aws.macie', detail: { severity: { score: 1 }, count: 3, archived: false } },
    ],
  },
  // --- Comparison operators ----------------------------------------------------------------------
  {
    name: 'prefix ("time" starting with 2017-10-02)',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    match: [ec2({ time: '2017-10-02T18:43:48Z' })],
    noMatch: [ec2({ time: '2017-10-03T18:43:48Z' }), ec2({ time: 20171002 })],
  },
  {
    name: 'prefix with equals-ignore-case (service begins with eventb in any case)',
    pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
    match: [{ service: 'EventBridge' }, { service: 'eventbus' }],
    noMatch: [{ service: 'Lambda' }, { service: 'event' }],
  },
  {
    name: 'an empty prefix matches every string, and only strings',
    pattern: { source: [{ prefix: '' }] },
    match: [EC2, ec2({ source: '' })],
    noMatch: [ec2({ source: 5 }), ec2({ source: null })],
  },
  {
    name: 'suffix (FileName ends with .png)',
    pattern: { FileName: [{ suffix: '.png' }] },
    match: [{ FileName: 'image.png' }],
    noMatch: [{ FileName: 'image.PNG' }, { FileName: 'image.png.bak' }],
  },
  {
    name: 'suffix with equals-ignore-case',
    pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    match: [{ FileName: 'image.PNG' }, { FileName: 'image.png' }],
    noMatch: [{ FileName: 'image.jpg' }],
  },
  {
    name: 'equals-ignore-case (Name is alice in any case)',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    match: [EC2, ec2({ 'detail-type': 'EC2 INSTANCE STATE-CHANGE NOTIFICATION' })],
    noMatch: [ec2({ 'detail-type': 'EC2 Instance State-change' })],
  },
  {
    name: 'anything-but a string (state is anything besides initializing), null included, missing excluded',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    match: [ec2({}, { state: 'running' }), ec2({}, { state: null }), ec2({}, { state: 5 })],
    noMatch: [ec2({}, { state: 'initializing' }), ec2({}, { 'instance-id': 'i-1' })],
  },
  {
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    match: [ec2({}, { 'x-limit': 456 }), ec2({}, { 'x-limit': '123' })],
    noMatch: [ec2({}, { 'x-limit': 123 })],
  },
  {
    name: 'anything-but a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    match: [ec2({}, { state: 'running' })],
    noMatch: [ec2({}, { state: 'stopped' }), ec2({}, { state: 'overloaded' })],
  },
  {
    name: 'anything-but a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    match: [ec2({}, { 'x-limit': 150 })],
    noMatch: [ec2({}, { 'x-limit': 200 })],
  },
  {
    name: 'anything-but a prefix (source not starting with aws.: your own events)',
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    match: [ec2({ source: 'com.mycompany.orders' })],
    noMatch: [EC2],
  },
  {
    name: 'anything-but a suffix',
    pattern: { FileName: [{ 'anything-but': { suffix: '.txt' } }] },
    match: [{ FileName: 'file.txt.bak' }],
    noMatch: [{ FileName: 'notes.txt' }],
  },
  {
    name: 'anything-but equals-ignore-case, one value and a list',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
    match: [ec2({}, { state: 'running' })],
    noMatch: [ec2({}, { state: 'INITIALIZING' }), ec2({}, { state: 'Stopped' })],
  },
  {
    name: 'anything-but a wildcard (FilePath not under a lib/ directory)',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    match: [{ FilePath: '/usr/bin/env' }],
    noMatch: [{ FilePath: '/usr/lib/libc.so' }],
  },
  {
    name: 'anything-but over an array in the event: any element other than the excluded one matches',
    pattern: { detail: { platformCapabilities: [{ 'anything-but': 'EC2' }] } },
    match: [batchEvent('RUNNING', { platformCapabilities: ['EC2', 'FARGATE'] })],
    noMatch: [batchEvent('RUNNING', { platformCapabilities: ['EC2'] })],
  },
  {
    name: 'numeric: a range, an upper bound and =, all of which must hold',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    match: [ec2({}, { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 })],
    noMatch: [
      ec2({}, { 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }),
      ec2({}, { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }),
      ec2({}, { 'c-count': 5, 'd-count': 3, 'x-limit': '301.8' }),
      ec2({}, { 'c-count': 5, 'd-count': 3 }),
    ],
  },
  {
    name: 'numeric matches JSON numbers only, within ±5.0e9',
    pattern: { detail: { n: [{ numeric: ['>=', 0] }] } },
    match: [ec2({}, { n: 0 }), ec2({}, { n: 5e9 })],
    noMatch: [ec2({}, { n: '1' }), ec2({}, { n: null }), ec2({}, { n: true }), ec2({}, { n: 6e9 })],
  },
  {
    name: 'cidr: an IPv4 network',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    match: [ec2({}, { sourceIPAddress: '10.0.0.255' }), ec2({}, { sourceIPAddress: '10.0.0.0' })],
    noMatch: [ec2({}, { sourceIPAddress: '10.0.1.1' }), ec2({}, { sourceIPAddress: 'not-an-ip' }), ec2({}, { sourceIPAddress: '2001:db8::1' })],
  },
  {
    name: 'cidr: an IPv6 network',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    match: [ec2({}, { sourceIPAddress: '2001:db8:1234:1a00::1' })],
    noMatch: [ec2({}, { sourceIPAddress: '2001:db8:1234:1b00::1' })],
  },
  {
    name: 'exists: true matches a present leaf, null included',
    pattern: { detail: { state: [{ exists: true }] } },
    match: [EC2, ec2({}, { state: null })],
    noMatch: [ec2({}, { 'c-count': { c1: 100 } }), ec2({}, { state: { name: 'pending' } }), ec2({}, { state: [] })],
  },
  {
    name: 'exists: false matches a missing field, and one that is not a leaf (exists works on leaf nodes)',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    match: [ec2({}, { state: ['initializing', 'running'] }), ec2({}, { state: ['initializing', 'running'], 'c-count': { c1: 100 } })],
    noMatch: [ec2({}, { 'c-count': 3 })],
  },
  {
    name: 'exists: false under missing intermediate objects',
    pattern: { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } },
    match: [ec2({}, { level1: { level2: 'l2 value' } }), ec2({}, {})],
    noMatch: [ec2({}, { level1: { level2: { level3: { level4: 'l4 value' } } } })],
  },
  {
    name: 'exists: false alone under a list of objects: the field is absent when no element has it',
    pattern: { detail: { attempts: { container: { exitCode: [{ exists: false }] } } } },
    match: [batchEvent('FAILED', { attempts: [{ container: {} }, { container: { reason: 'x' } }] }), batchEvent('FAILED', { attempts: [] })],
    noMatch: [batchEvent('FAILED', { attempts: [{ container: { exitCode: 1 } }, { container: {} }] })],
  },
  {
    name: 'exists: false next to a condition that picks an element is judged in that element',
    pattern: { detail: { attempts: { statusReason: [{ prefix: 'Host EC2' }], container: { exitCode: [{ exists: false }] } } } },
    match: [batchEvent('FAILED', { attempts: [{ container: { exitCode: 1 }, statusReason: 'Essential container' }, { container: {}, statusReason: 'Host EC2 (instance i-1) terminated.' }] })],
    noMatch: [batchEvent('FAILED', { attempts: [{ container: {}, statusReason: 'Essential container' }, { container: { exitCode: 0 }, statusReason: 'Host EC2 (instance i-1) terminated.' }] })],
  },
  {
    name: 'a field matches on any of its entries: anything-but, or absent',
    pattern: { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } },
    match: [{ dynamodb: { NewImage: { purchased: { N: '789' } } } }, { dynamodb: { NewImage: { homemade: { S: 'tulips' } } } }],
    noMatch: [{ dynamodb: { NewImage: { homemade: { S: 'roses' } } } }],
  },
  {
    name: 'wildcard (event bus ARNs in us-east-1)',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    match: [{ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }],
    noMatch: [{ EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' }, { EventBusArn: 42 }],
  },
  {
    name: 'wildcard: * may match nothing; \\* is a literal star and \\\\ a literal backslash',
    pattern: { a: [{ wildcard: 'x*y' }], b: [{ wildcard: 'a\\*b' }], c: [{ wildcard: 'dir\\\\*' }] },
    match: [{ a: 'xy', b: 'a*b', c: 'dir\\file' }, { a: 'x-y-y', b: 'a*b', c: 'dir\\' }],
    noMatch: [{ a: 'xy', b: 'axb', c: 'dir\\file' }, { a: 'yx', b: 'a*b', c: 'dir\\' }, { a: 'xy', b: 'a*b', c: 'dirfile' }],
  },
  {
    name: '$or across fields (metricName or namespace, with source)',
    pattern: { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] },
    match: [{ source: 'aws.cloudwatch', metricName: 'ReadLatency' }, { source: 'aws.cloudwatch', namespace: 'AWS/ES', metricName: 'x' }],
    noMatch: [{ source: 'aws.cloudwatch', metricName: 'NetworkIn', namespace: 'AWS/S3' }, { source: 'aws.ec2', metricName: 'CPUUtilization' }],
  },
  {
    name: '$or inside detail, with numeric alternatives',
    pattern: { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }] } },
    match: [ec2({}, { 'c-count': 3 }), ec2({}, { 'd-count': 1 }), ec2({}, { 'x-limit': 301.8 })],
    noMatch: [ec2({}, { 'c-count': 9, 'd-count': 11, 'x-limit': 300 })],
  },
  {
    name: 'the guide\'s complex example: prefix, anything-but and numeric together',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] },
    },
    match: [ec2({ time: '2017-10-02T16:24:49Z' }, { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, state: 'running' })],
    noMatch: [
      ec2({ time: '2017-10-02T16:24:49Z' }, { 'c-count': 5, 'd-count': 3, 'x-limit': 300, state: 'running' }),
      ec2({ time: '2017-10-02T16:24:49Z' }, { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, state: 'initializing' }),
      ec2({ time: '2017-10-03T16:24:49Z' }, { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, state: 'running' }),
    ],
  },
  {
    name: 'a dotted key reads as nested fields (EventBridge joins keys with ".")',
    pattern: { detail: { 'state.status': ['running'] } },
    match: [ec2({}, { state: { status: 'running' } })],
    noMatch: [ec2({}, { state: { status: 'stopped' } }), ec2({}, { state: 'running' })],
  },
  // --- AWS Batch's documented rules ---------------------------------------------------------------
  {
    name: 'Batch: every event of the service (source aws.batch)',
    pattern: { source: ['aws.batch'] },
    match: [batchEvent('RUNNABLE'), { ...batchEvent('RUNNABLE'), 'detail-type': 'Batch Job Queue Blocked' }],
    noMatch: [EC2],
  },
  {
    name: 'Batch: the SNS tutorial\'s rule for FAILED jobs',
    pattern: { 'detail-type': ['Batch Job State Change'], source: ['aws.batch'], detail: { status: ['FAILED'] } },
    match: [batchEvent('FAILED')],
    noMatch: [batchEvent('SUCCEEDED'), batchEvent('RUNNING'), { ...batchEvent('FAILED'), 'detail-type': 'Batch Job Queue Blocked' }],
  },
  {
    name: 'Batch: FAILED jobs of given queues',
    pattern: { source: ['aws.batch'], 'detail-type': ['Batch Job State Change'], detail: { status: ['FAILED'], jobQueue: [QUEUE_ARN, 'arn:aws:batch:us-east-1:123456789012:job-queue/other'] } },
    match: [batchEvent('FAILED'), batchEvent('FAILED', { jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/other' })],
    noMatch: [batchEvent('FAILED', { jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/third' }), batchEvent('SUCCEEDED')],
  },
  {
    name: 'Batch: blocked queues (Batch Job Queue Blocked)',
    pattern: { source: ['aws.batch'], 'detail-type': ['Batch Job Queue Blocked'], resources: [QUEUE_ARN] },
    match: [{ ...batchEvent('RUNNABLE'), 'detail-type': 'Batch Job Queue Blocked', resources: ['arn:aws:batch:us-east-1:123456789012:job/4c75', QUEUE_ARN] }],
    noMatch: [batchEvent('RUNNABLE')],
  },
];

describe('event patterns: documented examples', () => {
  describe.each(CASES)('$name', ({ pattern, match, noMatch }) => {
    const p = eventPattern(pattern);
    it.each(match.map((e, i) => [i, e] as const))('matches event %i', (_i, e) => expect(p.matches(e)).toBe(true));
    it.each(noMatch.map((e, i) => [i, e] as const))('does not match event %i', (_i, e) => expect(p.matches(e)).toBe(false));
    it('reads the same from its JSON text', () => {
      const q = eventPattern(JSON.stringify(pattern, null, 2));
      for (const e of [...match, ...noMatch]) expect(q.matches(e)).toBe(p.matches(e));
    });
  });
});

interface Refusal {
  name: string;
  pattern: unknown;
  /** Path inside the pattern (relative to EventPattern). */
  path: string;
  message: RegExp;
}

const REFUSALS: Refusal[] = [
  { name: 'a value that is not in a list', pattern: { int: 42 }, path: 'EventPattern.int', message: /^"int" must be a list of values to match .* or a mapping of nested fields, received 42$/ },
  { name: 'a string that is not in a list', pattern: { detail: { state: 'FAILED' } }, path: 'EventPattern.detail.state', message: /^"state" must be a list/ },
  { name: 'an empty list', pattern: { resources: [] }, path: 'EventPattern.resources', message: /^Empty arrays are not allowed/ },
  { name: 'an empty nested object', pattern: { source: ['aws.health'], detail: {} }, path: 'EventPattern.detail', message: /^Empty objects are not allowed/ },
  { name: 'an empty pattern', pattern: {}, path: 'EventPattern', message: /^Empty objects are not allowed/ },
  { name: 'a pattern that is a list', pattern: ['not', 'a', 'dict'], path: 'EventPattern', message: /^An event pattern must be a JSON object .* received a list of 3$/ },
  { name: 'a nested list of values', pattern: { source: [['aws.batch']] }, path: 'EventPattern.source[0]', message: /cannot itself be a list/ },
  { name: 'an unknown operator, named with the right case', pattern: { detail: { equal: [{ NUMERIC: ['=', 5] }] } }, path: 'EventPattern.detail.equal[0]', message: /^Unrecognized match type "NUMERIC" \(operators are case-sensitive: write "numeric"\)$/ },
  { name: 'an unknown operator', pattern: { a: [{ contains: 'x' }] }, path: 'EventPattern.a[0]', message: /^Unrecognized match type "contains" \(EventBridge knows prefix, suffix/ },
  { name: 'two operators in one expression', pattern: { a: [{ prefix: 'x', suffix: 'y' }] }, path: 'EventPattern.a[0]', message: /exactly one operator, received 2: prefix, suffix/ },
  { name: 'an empty expression', pattern: { a: [{}] }, path: 'EventPattern.a[0]', message: /^Empty objects are not allowed/ },
  { name: 'numeric with two lower bounds', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } }, path: 'EventPattern.detail.c-count[0].numeric[2]', message: /^Bad numeric range operator: >/ },
  { name: 'numeric with a missing value', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } }, path: 'EventPattern.detail.c-count[0].numeric', message: /^numeric takes one comparison/ },
  { name: 'numeric with a string value', pattern: { n: [{ numeric: ['<', 'ten'] }] }, path: 'EventPattern.n[0].numeric[1]', message: /^Value of < must be numeric, received "ten"$/ },
  { name: 'numeric with an unknown comparison', pattern: { n: [{ numeric: ['!=', 3] }] }, path: 'EventPattern.n[0].numeric[0]', message: /^Unrecognized numeric range operator "!="/ },
  { name: 'numeric beyond ±5.0e9', pattern: { n: [{ numeric: ['>', 1.7e12] }] }, path: 'EventPattern.n[0].numeric[1]', message: /covers -5.0e9 to \+5.0e9/ },
  { name: 'numeric = combined with a bound', pattern: { n: [{ numeric: ['=', 3, '<', 5] }] }, path: 'EventPattern.n[0].numeric[2]', message: /^Bad numeric range operator: </ },
  { name: 'an empty numeric range', pattern: { n: [{ numeric: ['>', 5, '<', 5] }] }, path: 'EventPattern.n[0].numeric', message: /range is empty/ },
  { name: 'exists that is not a boolean', pattern: { my_key: [{ exists: 'true' }] }, path: 'EventPattern.my_key[0].exists', message: /^exists match pattern must be either true or false/ },
  { name: 'prefix given a list', pattern: { time: [{ prefix: ['2022-07-13'] }] }, path: 'EventPattern.time[0].prefix', message: /^prefix match pattern must be a string/ },
  { name: 'suffix given a number', pattern: { FileName: [{ suffix: 123 }] }, path: 'EventPattern.FileName[0].suffix', message: /^suffix match pattern must be a string/ },
  { name: 'equals-ignore-case given a list', pattern: { 'detail-type': [{ 'equals-ignore-case': ['ec2'] }] }, path: 'EventPattern.detail-type[0].equals-ignore-case', message: /^equals-ignore-case match pattern must be a string/ },
  { name: 'equals-ignore-case given a prefix', pattern: { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] }, path: 'EventPattern.detail-type[0].equals-ignore-case', message: /must be a string, received a mapping/ },
  { name: 'a wildcard with two stars in a row', pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] }, path: 'EventPattern.EventBusArn[0].wildcard', message: /^Consecutive wildcard characters at position 26/ },
  { name: 'a wildcard escaping another character', pattern: { a: [{ wildcard: 'a\\b*' }] }, path: 'EventPattern.a[0].wildcard', message: /backslash may only escape \* or \\/ },
  { name: 'a wildcard that is not a string', pattern: { EventBusArn: [{ wildcard: 123 }] }, path: 'EventPattern.EventBusArn[0].wildcard', message: /^wildcard match pattern must be a string/ },
  { name: 'anything-but null', pattern: { detail: { state: [{ 'anything-but': null }] } }, path: 'EventPattern.detail.state[0].anything-but', message: /^anything-but takes a string, a number/ },
  { name: 'anything-but an empty list', pattern: { s: [{ 'anything-but': [] }] }, path: 'EventPattern.s[0].anything-but', message: /^Empty arrays are not allowed/ },
  { name: 'anything-but a list with null', pattern: { s: [{ 'anything-but': ['a', null] }] }, path: 'EventPattern.s[0].anything-but[1]', message: /only strings or only numbers are allowed, received null/ },
  { name: 'anything-but a list of strings and numbers', pattern: { s: [{ 'anything-but': ['a', 1] }] }, path: 'EventPattern.s[0].anything-but[1]', message: /only strings or only numbers, and this one starts with a string: received 1/ },
  { name: 'anything-but an empty prefix', pattern: { FileName: [{ 'anything-but': { prefix: '' } }] }, path: 'EventPattern.FileName[0].anything-but.prefix', message: /must not be empty/ },
  { name: 'anything-but a case-insensitive prefix', pattern: { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] }, path: 'EventPattern.FileName[0].anything-but.prefix', message: /prefix takes a string or a list of strings \(not its equals-ignore-case form\)/ },
  { name: 'anything-but a suffix list with a number', pattern: { FileName: [{ 'anything-but': { suffix: [123, '.txt'] } }] }, path: 'EventPattern.FileName[0].anything-but.suffix[0]', message: /suffix takes a string or a list of strings/ },
  { name: 'anything-but numeric', pattern: { n: [{ 'anything-but': { numeric: ['>', 1] } }] }, path: 'EventPattern.n[0].anything-but.numeric', message: /received "numeric"$/ },
  { name: 'cidr without a mask', pattern: { ip: [{ cidr: '10.0.0.0' }] }, path: 'EventPattern.ip[0].cidr', message: /one '\/' required/ },
  { name: 'cidr with a word for a mask', pattern: { ip: [{ cidr: '10.0.0.0/x' }] }, path: 'EventPattern.ip[0].cidr', message: /mask bits must be an integer/ },
  { name: 'cidr with a bad address', pattern: { ip: [{ cidr: 'xx.11.xx/24' }] }, path: 'EventPattern.ip[0].cidr', message: /^Nonstandard IP address: "xx.11.xx"$/ },
  { name: 'cidr with too many mask bits', pattern: { ip: [{ cidr: '10.0.0.0/33' }] }, path: 'EventPattern.ip[0].cidr', message: /at most 32 bits/ },
  { name: 'cidr given a list', pattern: { ip: [{ cidr: ['bad-type'] }] }, path: 'EventPattern.ip[0].cidr', message: /^cidr match pattern must be a string/ },
  { name: '$or with one alternative', pattern: { $or: [{ source: ['aws.batch'] }] }, path: 'EventPattern.$or', message: /^\$or must be a list of at least two patterns/ },
  { name: '$or that is a mapping', pattern: { $or: { source: ['aws.batch'] } }, path: 'EventPattern.$or', message: /^\$or must be a list of at least two patterns \(mappings of fields\), received a mapping$/ },
  { name: 'a bad alternative inside $or', pattern: { $or: [{ source: ['aws.batch'] }, { source: 'aws.ec2' }] }, path: 'EventPattern.$or[1].source', message: /"source" must be a list/ },
  { name: 'a number that is not finite', pattern: { n: [Infinity] }, path: 'EventPattern.n[0]', message: /must be finite/ },
];

describe('event patterns: refusals', () => {
  it.each(REFUSALS)('refuses $name at its path', ({ pattern, path, message }) => {
    const r = compileEventPattern(pattern);
    expect(r.pattern).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.path).toBe(path);
    expect(r.problems[0]!.message).toMatch(message);
  });

  it('reports every problem of a pattern at once, each at its path', () => {
    const r = compileEventPattern({ source: 'aws.batch', detail: { status: [{ numeric: ['<', 'x'] }], jobQueue: [] } }, 'eventRules[3].EventPattern');
    expect(r.problems.map((p) => p.path)).toEqual([
      'eventRules[3].EventPattern.source',
      'eventRules[3].EventPattern.detail.status[0].numeric[1]',
      'eventRules[3].EventPattern.detail.jobQueue',
    ]);
  });

  it('refuses JSON text that does not parse, saying why', () => {
    const r = parseEventPattern('{"not": closed mark"');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.path).toBe('EventPattern');
    expect(r.problems[0]!.message).toMatch(/^The event pattern is not valid JSON: /);
  });

  it('keeps the last of a key given twice in JSON text, as EventBridge does', () => {
    const p = eventPattern('{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}');
    expect(p.matches({ detail: { location: 'eu-west' } })).toBe(true);
    expect(p.matches({ detail: { location: 'us-east' } })).toBe(false);
  });

  it(`refuses a pattern over ${MAX_PATTERN_CHARS} characters (the quota), and accepts one at the limit`, () => {
    const padding = (n: number) => ({ source: ['x'.repeat(n)] });
    const base = JSON.stringify(padding(0)).length;
    expect(compileEventPattern(padding(MAX_PATTERN_CHARS - base)).problems).toEqual([]);
    const r = compileEventPattern(padding(MAX_PATTERN_CHARS - base + 1));
    expect(r.problems[0]!.message).toMatch(/has 2049 characters as JSON; EventBridge allows at most 2048/);
    // The text as given counts, whitespace included.
    const text = JSON.stringify(padding(MAX_PATTERN_CHARS - base - 10), null, 8);
    expect(parseEventPattern(text).problems[0]!.message).toMatch(/characters; EventBridge allows at most 2048/);
  });
});

describe('event patterns: properties', () => {
  const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }), fc.constant(null), fc.boolean());

  it('anything-but [x] never matches a field that is exactly x, and matches any other leaf there', () => {
    const excluded = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }));
    fc.assert(fc.property(excluded, leaf, (x, y) => {
      const p = eventPattern({ detail: { f: [{ 'anything-but': [x] }] } });
      expect(p.matches({ detail: { f: x } })).toBe(false);
      expect(p.matches({ detail: { f: y } })).toBe(y !== x);
      expect(p.matches({ detail: {} })).toBe(false);
    }));
  });

  it('a list of exact values matches an array field iff the two share a value', () => {
    fc.assert(fc.property(fc.array(leaf, { minLength: 1, maxLength: 4 }), fc.array(leaf, { maxLength: 4 }), (wanted, have) => {
      const p = eventPattern({ f: wanted });
      expect(p.matches({ f: have })).toBe(have.some((h) => wanted.includes(h)));
    }));
  });

  // Small random patterns over three fields, and events over the same fields.
  const field = fc.constantFrom('a', 'b', 'c');
  const condition = fc.oneof(
    fc.array(fc.oneof(fc.constantFrom('x', 'xy', 'y'), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 2 }),
    fc.constantFrom([{ prefix: 'x' }], [{ numeric: ['>', 1] }], [{ exists: false }], [{ exists: true }], [{ 'anything-but': 'x' }], [{ suffix: 'y' }]),
  );
  const pattern = fc.dictionary(field, condition, { minKeys: 1, maxKeys: 3 });
  const event = fc.dictionary(field, fc.oneof(fc.constantFrom('x', 'xy', 'y', null), fc.integer({ min: 0, max: 3 })), { maxKeys: 3 });

  it('$or of A and B matches an event iff A or B does', () => {
    fc.assert(fc.property(pattern, pattern, event, (a, b, e) => {
      const either = eventPattern({ $or: [a, b] });
      expect(either.matches(e)).toBe(eventPattern(a).matches(e) || eventPattern(b).matches(e));
    }));
  });

  it('fields of a pattern are ANDed: a pattern matches iff each of its fields alone does', () => {
    fc.assert(fc.property(pattern, event, (p, e) => {
      const whole = eventPattern(p).matches(e);
      const each = Object.entries(p).every(([k, v]) => eventPattern({ [k]: v }).matches(e));
      expect(whole).toBe(each);
    }));
  });
});
