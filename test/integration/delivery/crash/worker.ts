/**
 * Child process: one delivery worker on a file-backed SQLite store, publishing to the fake platform over HTTP.
 * argv: <platform url> <idempotent|plain>. Settings come from the environment (DATABASE_URL, DELIVERY_*).
 * Prints READY once the store is open, DONE when nothing is left; the parent kills it at random moments.
 */
import { loadConfig } from '../../../../src/config/index.js';
import { createDeliveryEngine } from '../../../../src/delivery/engine.js';
import { silentLogger } from '../../../../src/log/index.js';
import { extractiveSummarizer } from '../../../../src/pipeline/summarize/index.js';
import { openStore } from '../../../../src/store/db.js';
import { httpPublisher } from '../../fakes/publisher-fake.js';

const [url, mode] = process.argv.slice(2);
const config = loadConfig(process.env);
const store = await openStore(config.DATABASE_URL);
process.stdout.write('READY\n');
const engine = createDeliveryEngine({ store, config, log: silentLogger, summarizer: extractiveSummarizer });
engine.registerPublisher(httpPublisher(url ?? '', mode === 'idempotent', 'discord'));
await engine.fanOut();
const r = await engine.drain();
await store.close();
process.stdout.write(`DONE ${r.started} ${r.remaining}\n`);
