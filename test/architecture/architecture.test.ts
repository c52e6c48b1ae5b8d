/**
 * The architecture as a test. The allowed imports between the parts of src/ are read from the README's
 * architecture table, so README and code cannot drift apart. Each rule prints the full list of what breaks it;
 * `npm run stats:code` prints the same lists with the code's size figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject, repoRoot } from './program.js';
import { type ArchitectureReport, checkArchitecture } from './rules.js';

const MAX_LINES = 400;

/**
 * Files allowed over MAX_LINES, each with its reason. Data tables only (lexicons, message catalogs, settings
 * rows); never code. An entry for a file that is no longer over the limit fails the test.
 */
const SIZE_EXEMPTIONS: Record<string, string> = {};

describe('architecture (README "Architecture" table, test/architecture/)', () => {
  let report: ArchitectureReport;

  beforeAll(() => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    report = checkArchitecture(loadProject(repoRoot), {
      readme,
      maxLines: MAX_LINES,
      sizeExemptions: SIZE_EXEMPTIONS,
    });
  }, 180_000);

  it('has no value import cycles in src/', () => {
    expect(report.cycles).toEqual([]);
  });

  it('imports between the parts of src/ only what the README table allows', () => {
    expect(report.folders).toEqual([]);
  });

  it('writes SQL only in src/store/', () => {
    expect(report.sql).toEqual([]);
  });

  it(`keeps every file of src/ at most ${MAX_LINES} lines (named data tables excepted)`, () => {
    expect(report.size).toEqual([]);
  });
});
