// The JUnit XML of `batchsim check --junit FILE` (docs/check.md), for CI dashboards: one test
// suite per scenario, one test case per expectation and seed (one over all seeds for an
// expectation with a probability), per baseline seed and per golden seed. Failures carry the
// message the terminal shows.
import { create } from 'xmlbuilder2';

export interface TestCase {
  /** e.g. `expect[0] makespanSeconds ≤ 57600 [seed 7]`. */
  name: string;
  /** What the case is about: `expect`, `baseline` or `golden`. */
  group: string;
  /** Null when it passed; the failure's message (first line) and details (the rest). */
  failure: { message: string; details: string } | null;
  /** What was found, shown whether it passed or not. */
  detail: string;
}

export function junitXml(suite: string, cases: readonly TestCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure !== null).length;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', { name: 'batchsim check', tests: cases.length, failures, errors: 0, time: seconds.toFixed(3) });
  const s = root.ele('testsuite', { name: suite, tests: cases.length, failures, errors: 0, skipped: 0, time: seconds.toFixed(3) });
  for (const c of cases) {
    const t = s.ele('testcase', { classname: `${suite}.${c.group}`, name: c.name, time: '0' });
    if (c.failure) t.ele('failure', { message: c.failure.message, type: 'ExpectationFailed' }).txt(c.failure.details);
  }
  return doc.end({ prettyPrint: true }) + '\n';
}
