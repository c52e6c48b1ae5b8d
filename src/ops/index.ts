/** The operations part (HTTP_PORT): loaded by `main.ts` only when the setting is on, so prom-client stays unloaded. */
export { type AppMetrics, createAppMetrics } from './metrics.js';
export { type AppReadiness, type OpsServer, startOpsServer } from './http.js';
