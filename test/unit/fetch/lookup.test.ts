import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/domain/errors.js';
import { AllowList } from '../../../src/pipeline/fetch/address.js';
import { guardedLookup, literalBlocked } from '../../../src/pipeline/fetch/agent.js';
import type { LookupAddress } from '../../../src/pipeline/fetch/types.js';

function run(answer: LookupAddress[] | Error, allow: string[], all: boolean) {
  const lookup = guardedLookup(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  }, new AllowList(allow));
  return new Promise<{ err: Error | null; address?: unknown; family?: number }>((resolve) =>
    lookup('name.test', { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('guardedLookup', () => {
  it('hands only allowed addresses to the socket', async () => {
    const answer = [
      { address: '10.0.0.1', family: 4 },
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::1', family: 6 },
    ];
    expect((await run(answer, [], true)).address).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(await run(answer, [], false)).toMatchObject({ err: null, address: '93.184.216.34', family: 4 });
  });

  it('refuses a name with no allowed address, and reports resolver failures as fetch.dns', async () => {
    const blocked = await run([{ address: '169.254.169.254', family: 4 }], [], true);
    expect((blocked.err as AppError).code).toBe('fetch.blocked_address');
    const empty = await run([], [], true);
    expect((empty.err as AppError).code).toBe('fetch.dns');
    const failed = await run(new Error('SERVFAIL'), [], true);
    expect((failed.err as AppError).code).toBe('fetch.dns');
  });

  it('lets the operator allow a private range or a name', async () => {
    expect((await run([{ address: '10.1.2.3', family: 4 }], ['10.1.0.0/16'], false)).address).toBe(
      '10.1.2.3',
    );
    expect((await run([{ address: '127.0.0.1', family: 4 }], ['name.test'], false)).address).toBe(
      '127.0.0.1',
    );
  });
});

describe('literalBlocked', () => {
  it('checks IP literals only; names are left to the lookup hook', () => {
    const allow = new AllowList(['127.0.0.1']);
    expect(literalBlocked('10.0.0.1', allow)).toBe(true);
    expect(literalBlocked('[::1]', allow)).toBe(true);
    expect(literalBlocked('127.0.0.1', allow)).toBe(false);
    expect(literalBlocked('93.184.216.34', allow)).toBe(false);
    expect(literalBlocked('localhost', allow)).toBe(false);
  });
});
