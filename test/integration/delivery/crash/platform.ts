/** Child process: the fake platform (loopback HTTP). argv: idempotent|plain. Prints "PORT <n>" when listening. */
import { startFakePlatform } from '../../fakes/publisher-fake.js';

const idempotent = process.argv[2] === 'idempotent';
const platform = await startFakePlatform({ idempotent, delayMs: 8 });
process.stdout.write(`PORT ${new URL(platform.url).port}\n`);
process.on('SIGTERM', () => {
  platform.close().then(() => process.exit(0));
});
