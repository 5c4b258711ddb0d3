// A worker thread's entry when batchsim runs from its TypeScript sources (startWorker in
// worker-module.ts): the module named in argv is required, which tsx's CommonJS hook (from the
// worker's --import tsx) compiles — tsx's import hooks do not reach a worker thread on Node 20.
require(process.argv[2]);
