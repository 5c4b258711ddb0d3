import { describe, expect, it } from 'vitest';
import { matchesPattern, shouldRetry } from '../../src/model/retry.js';
import type { RetryStrategySpec } from '../../src/scenario/types.js';

describe('matchesPattern', () => {
  it.each([
    ['Host EC2*', 'Host EC2 (instance i-0abc) terminated.', true],
    ['Host EC2*', 'host EC2 (instance i-0abc) terminated.', false],
    ['*', 'anything', true],
    ['*', '', true],
    ['137', '137', true],
    ['13*', '137', true],
    ['13', '137', false],
    ['Essential container in task exited', 'Essential container in task exited', true],
  ])('%s vs %s → %s', (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });

  it('never matches a value that is absent', () => {
    expect(matchesPattern('*', undefined)).toBe(false);
  });
});

describe('shouldRetry', () => {
  const awsExample: RetryStrategySpec = {
    attempts: 5,
    evaluateOnExit: [
      { onStatusReason: 'Host EC2*', action: 'RETRY' },
      { onExitCode: '1', action: 'EXIT' },
    ],
  };

  it('retries a spot reclaim and exits on exit code 1', () => {
    expect(shouldRetry(awsExample, 1, { statusReason: 'Host EC2 (instance i-1) terminated.' })).toBe(true);
    expect(shouldRetry(awsExample, 1, { statusReason: 'Essential container in task exited', exitCode: 1 })).toBe(false);
  });

  it('retries when no entry matches', () => {
    expect(shouldRetry(awsExample, 1, { statusReason: 'Essential container in task exited', exitCode: 2 })).toBe(true);
  });

  it('stops when attempts are used up, and without a strategy', () => {
    expect(shouldRetry(awsExample, 5, { statusReason: 'Host EC2 (instance i-1) terminated.' })).toBe(false);
    expect(shouldRetry(null, 1, { statusReason: 'x', exitCode: 1 })).toBe(false);
  });

  it('needs every given field of an entry to match; the first match decides', () => {
    const s: RetryStrategySpec = {
      attempts: 3,
      evaluateOnExit: [
        { onStatusReason: 'Essential*', onExitCode: '137', action: 'RETRY' },
        { onStatusReason: '*', action: 'EXIT' },
      ],
    };
    expect(shouldRetry(s, 1, { statusReason: 'Essential container in task exited', exitCode: 137 })).toBe(true);
    expect(shouldRetry(s, 1, { statusReason: 'Essential container in task exited', exitCode: 1 })).toBe(false);
    expect(shouldRetry(s, 1, { statusReason: 'Host EC2 (instance i-1) terminated.' })).toBe(false);
  });
});
