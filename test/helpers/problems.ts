// The problems a scenario produces when loaded, for tests of bad input.
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
