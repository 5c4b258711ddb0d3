// The problems a scenario produces when loaded, for tests of bad input.
import { describe, expect, it } from 'vitest';
import { ScenarioError, type Problem } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

/** Problems of `load()`, or [] when it loads; anything but a ScenarioError is rethrown. */
export function problemsFrom(load: () => unknown): Problem[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

/** Problems of a scenario text read as `file` (its extension picks YAML or JSON). */
export function problemsOfText(text: string, file = 'case.yaml'): Problem[] {
  return problemsFrom(() => parseScenario(text, file));
}

/** What `f` returns and how long it took, for bad input that must also be refused quickly. */
export function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

/** One bad input of a table: how to break a valid document, every problem expected (by path), the first one's message. */
export interface BrokenFieldCase<D> {
  name: string;
  breakIt: (d: D) => void;
  paths: string[];
  /** Exact text, or a pattern. */
  message: string | RegExp;
}

/**
 * Tests (inside a describe) that `base()` has no problem and that each case gives exactly its own;
 * `placed`: the first problem also has a line in the file. Cases may come in named groups.
 */
export function brokenFieldTests<D>(
  base: () => D, problemsOf: (d: D) => Problem[], cases: readonly BrokenFieldCase<D>[] | readonly (readonly [string, readonly BrokenFieldCase<D>[]])[],
  options: { placed?: boolean } = {},
): void {
  it('accepts the unbroken base scenario', () => {
    expect(problemsOf(base())).toEqual([]);
  });
  const groups = cases.length > 0 && Array.isArray(cases[0]) ? (cases as readonly (readonly [string, readonly BrokenFieldCase<D>[]])[]) : null;
  if (groups) {
    for (const [group, list] of groups) describe(group, () => brokenFieldCases(problemsOf, base, list, options));
  } else {
    brokenFieldCases(problemsOf, base, cases as readonly BrokenFieldCase<D>[], options);
  }
}

function brokenFieldCases<D>(problemsOf: (d: D) => Problem[], base: () => D, cases: readonly BrokenFieldCase<D>[], options: { placed?: boolean }): void {
  it.each(cases)('$name', ({ breakIt, paths, message }) => {
    const doc = base();
    breakIt(doc);
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path)).toEqual(paths);
    if (typeof message === 'string') expect(problems[0]!.message).toBe(message);
    else expect(problems[0]!.message).toMatch(message);
    if (options.placed) expect(problems[0]!.line).toBeGreaterThan(0);
  });
}
