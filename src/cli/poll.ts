import type { CliIo } from '../cli.js';

export async function run(_args: string[], io: CliIo): Promise<number> {
  io.stderr('error [command.unknown]: this command is being built\n');
  return 2;
}
