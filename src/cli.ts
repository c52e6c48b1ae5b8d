#!/usr/bin/env node
/** newsdigest CLI: a small dispatcher; each command lives in src/cli/<name>.ts and is loaded on demand. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printError } from './cli/errors.js';
import { processEnv, secretValuesFromEnv } from './config/index.js';
import { toErrorInfo } from './domain/errors.js';
import { makeScrubber } from './log/scrub.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => AsyncIterable<Buffer | string>;
  env: Record<string, string | undefined>;
  /** stderr (where `start` logs) is a terminal: LOG_FORMAT=auto renders log lines for people. */
  stderrIsTty?: boolean;
  /** Removes secret values from a text; set by runCli, which also scrubs everything written to stdout/stderr. */
  scrub?: (s: string) => string;
}

type CommandModule = { run(args: string[], io: CliIo): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  start: {
    summary: 'Run the bot: poll feeds, deliver digests, start platform adapters.',
    load: () => import('./cli/start.js'),
  },
  summarize: {
    summary: 'Print the digest of one article (file, - for stdin, or --jsonl batch).',
    load: () => import('./cli/summarize.js'),
  },
  'check-feed': {
    summary: 'Fetch (or read) and parse one feed; print its items.',
    load: () => import('./cli/check-feed.js'),
  },
  poll: {
    summary: 'Poll every due feed once and print the new digests (--once [--dry-run]).',
    load: () => import('./cli/poll.js'),
  },
};

export function usage(): string {
  const lines = [
    'Usage: newsdigest <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`),
    '',
    'Run `newsdigest <command> --help` for the options of one command.',
    'Configuration comes from environment variables (see .env.example).',
  ];
  return `${lines.join('\n')}\n`;
}

/** The io with every written text scrubbed of the secrets in its environment (tokens, passwords, API keys). */
export function scrubbedIo(io: CliIo): CliIo {
  if (io.scrub) return io;
  const scrub = makeScrubber(secretValuesFromEnv(io.env));
  return { ...io, scrub, stdout: (s) => io.stdout(scrub(s)), stderr: (s) => io.stderr(scrub(s)) };
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = scrubbedIo(rawIo);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`error [command.unknown]: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const mod = await cmd.load();
    return await mod.run(rest, io);
  } catch (e) {
    return printError(io, toErrorInfo(e));
  }
}

function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: () => process.stdin,
    env: processEnv(),
    stderrIsTty: process.stderr.isTTY === true,
  };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
