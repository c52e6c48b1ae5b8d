import { describe, expect, it } from 'vitest';
import { BOT_PERMISSIONS, inviteUrl } from '../../../../src/platforms/discord/invite.js';

describe('invite link', () => {
  it('asks for exactly the six posting permissions and both scopes', () => {
    // 1024 view + 2048 send + 16384 embed + 65536 history + 2^35 public threads + 2^38 send in threads
    expect(BOT_PERMISSIONS).toBe(1024n + 2048n + 16384n + 65536n + 2n ** 35n + 2n ** 38n);
    expect(BOT_PERMISSIONS.toString()).toBe('309237730304');
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('permissions')).toBe('309237730304');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
  });
});
