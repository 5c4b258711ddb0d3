import { defineConfig } from 'vitest/config';

// CI asks for a JSON report (VITEST_JSON=path) so .ci/run can print the plain pass/fail count.
const jsonFile = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    reporters: jsonFile ? ['default', 'json'] : ['default'],
    outputFile: jsonFile ? { json: jsonFile } : undefined,
  },
});
