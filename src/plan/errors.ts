// Input errors of the planner that are not a file's contents: the user's to fix (exit 2).

/** Shards that do not make one sweep (missing, doubled, of different sweeps). */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}
