// Runs the TypeScript worker (src/, under vitest or tsx): tsx's require hook compiles it in this thread (its
// ESM loader would add a loader thread per worker). The compiled build starts dist/…/worker.js and skips this file.
const { workerData } = require('node:worker_threads');
const { register } = require('tsx/cjs/api');

register();
require(workerData.entry);
