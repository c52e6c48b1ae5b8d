import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/domain/errors.js';
import { AllowList, checkUrl, isPublicAddress } from '../../../src/pipeline/fetch/index.js';

describe('isPublicAddress', () => {
  const blocked = [
    '0.0.0.0',
    '10.0.0.1',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:a9fe:a9fe]',
    '64:ff9b::7f00:1',
    'not-an-ip',
  ];
  for (const ip of blocked) it(`blocks ${ip}`, () => expect(isPublicAddress(ip)).toBe(false));

  const open = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'];
  for (const ip of open) it(`allows ${ip}`, () => expect(isPublicAddress(ip)).toBe(true));
});

describe('checkUrl on IP literals (no network)', () => {
  const allow = new AllowList([]);
  const hosts = [
    '10.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '198.18.0.1',
    '172.16.0.1',
    '192.168.0.1',
    '0xa9fea9fe',
    '2852039166',
    '[fd00::1]',
    '[fe80::1]',
    '[::ffff:10.0.0.1]',
    '[::]',
  ];
  for (const host of hosts) {
    it(`refuses http://${host}/`, () => {
      try {
        checkUrl(`http://${host}/`, allow, []);
        expect.unreachable();
      } catch (e) {
        expect((e as AppError).code).toBe('fetch.blocked_address');
      }
    });
  }

  it('passes public literals and names (names are checked at connect time)', () => {
    expect(checkUrl('https://93.184.216.34/feed', allow, []).hostname).toBe('93.184.216.34');
    expect(checkUrl('https://www.tagesschau.de/feed', allow, []).port).toBe('');
  });
});

describe('AllowList', () => {
  it('matches CIDRs, single addresses and host names', () => {
    const allow = new AllowList(['127.0.0.0/8', '::1', 'Feeds.Test.', ' ']);
    expect(allow.allowsAddress('127.0.0.5')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('[::1]')).toBe(true);
    expect(allow.allowsAddress('10.0.0.1')).toBe(false);
    expect(allow.allowsHost('feeds.test')).toBe(true);
    expect(allow.allowsHost('other.test')).toBe(false);
  });

  it('allows nothing when empty and rejects a bad prefix', () => {
    expect(new AllowList([]).allowsAddress('127.0.0.1')).toBe(false);
    expect(() => new AllowList(['10.0.0.0/33'])).toThrow(/invalid CIDR/);
  });
});
