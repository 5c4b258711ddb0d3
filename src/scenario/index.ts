// Public API of the scenario layer.
export { loadScenario, parseScenario, type LoadOptions } from './load.js';
export { ScenarioError, formatScenarioError, type Problem } from './errors.js';
export { DEFAULT_SETTINGS, DEFAULT_SEED, DEFAULT_START_TIME, LIMITS } from './defaults.js';
export type * from './types.js';
