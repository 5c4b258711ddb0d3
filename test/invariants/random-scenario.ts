// Random small scenarios for the invariant and determinism tests, and helpers that run one (within
// an event budget) and read back what a user sees. One import path for all of it:
// - recipe.ts: the base recipe (queues, fleets, jobs, workload streams) and its knobs, including
//   KNOBS_PENDING_ENGINE_FIXES, the ones still off;
// - issue3-recipe.ts: Spot, retries, timeouts, interruptions, cancels and Fargate on top of it;
// - run-files.ts: simulateBounded, runRecorded, writeAndRead and the CSV readers.
export * from './recipe.js';
export * from './issue3-recipe.js';
export * from './run-files.js';
