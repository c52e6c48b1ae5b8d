import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../../src/commands/table.js';
import {
  buildCommands,
  MANAGE_CHANNELS,
  MANAGE_GUILD,
  sameCommands,
} from '../../../../src/platforms/discord/commands.js';

const NAME_RE = /^[-_'\p{L}\p{N}]{1,32}$/u;

describe('buildCommands', () => {
  const cmds = buildCommands();

  it('groups subcommands and covers every table entry exactly once', () => {
    const names = cmds.flatMap((c) =>
      c.options.some((o) => o.type === 1) ? c.options.map((o) => `${c.name} ${o.name}`) : [c.name],
    );
    expect(names.sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    const feeds = cmds.find((c) => c.name === 'feeds')!;
    expect(feeds.options.map((o) => o.name)).toEqual(['add', 'remove', 'list', 'status', 'test']);
    expect(cmds.find((c) => c.name === 'digest')!.options.map((o) => o.name)).toEqual(['now']);
  });

  it('marks admin commands with Manage Server, subscription changes with Manage Channels, and leaves reading open', () => {
    expect(MANAGE_GUILD).toBe('32');
    expect(MANAGE_CHANNELS).toBe('16');
    expect(cmds.find((c) => c.name === 'feeds')!.default_member_permissions).toBe('32');
    expect(cmds.find((c) => c.name === 'opml')!.default_member_permissions).toBe('32');
    for (const name of ['subscribe', 'unsubscribe', 'resume'])
      expect(cmds.find((c) => c.name === name)!.default_member_permissions).toBe('16');
    for (const name of ['list', 'summary', 'why', 'help', 'settings'])
      expect(cmds.find((c) => c.name === name)!.default_member_permissions).toBeNull();
    // SUBSCRIBE_ALLOWED=everyone: subscription commands are shown to every member
    const open = buildCommands({ subscribeOpen: true });
    for (const name of ['subscribe', 'unsubscribe', 'resume'])
      expect(open.find((c) => c.name === name)!.default_member_permissions).toBeNull();
    expect(open.find((c) => c.name === 'feeds')!.default_member_permissions).toBe('32');
  });

  it('has valid German localizations, typed options and limits Discord accepts', () => {
    for (const c of cmds) {
      expect(c.name_localizations.de).toMatch(NAME_RE);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.description_localizations.de.length).toBeLessThanOrEqual(100);
      const leaves = c.options.flatMap((o) => (o.type === 1 ? (o.options ?? []) : [o]));
      const deNames = leaves.map((o) => o.name_localizations.de);
      for (const o of leaves) expect(o.name_localizations.de).toMatch(NAME_RE);
      for (const sub of c.options.filter((o) => o.type === 1)) {
        const own = (sub.options ?? []).map((o) => o.name_localizations.de);
        expect(new Set(own).size).toBe(own.length);
      }
      if (!c.options.some((o) => o.type === 1)) expect(new Set(deNames).size).toBe(deNames.length);
    }
    for (const c of cmds) {
      // Discord: at most 8000 characters of names, descriptions and choices (with localizations) per command
      const text = JSON.stringify(c).replace(
        /"(type|required|min_value|max_value|max_length|default_member_permissions)":[^,}]*/g,
        '',
      );
      expect(text.length).toBeLessThan(8000);
    }
    const summary = cmds.find((c) => c.name === 'summary')!;
    expect(summary.name_localizations.de).toBe('zusammenfassung');
    expect(summary.options[1]).toMatchObject({
      name: 'count',
      type: 4,
      min_value: 1,
      max_value: 10,
      required: false,
    });
    const opml = cmds.find((c) => c.name === 'opml')!;
    expect(opml.options[0]!.options![0]).toMatchObject({ name: 'file', type: 11, required: true });
    const sub = cmds.find((c) => c.name === 'subscribe')!;
    expect(sub.options[1]!.choices).toContainEqual({
      name: 'Scheduled digest',
      name_localizations: { de: 'Geplante Zusammenfassung' },
      value: 'digest',
    });
  });
});

describe('sameCommands', () => {
  it('treats what Discord echoes back (ids, versions, defaults) as equal and a changed text as different', () => {
    const wanted = buildCommands();
    const echoed = wanted
      .map((c) => ({ ...c, id: '1', application_id: '2', version: '3', nsfw: false, contexts: null }))
      .reverse();
    expect(sameCommands(echoed, wanted)).toBe(true);
    const changed = structuredClone(wanted);
    changed[0]!.description_localizations.de = 'Anders';
    expect(sameCommands(changed, wanted)).toBe(false);
    expect(sameCommands(wanted.slice(1), wanted)).toBe(false);
  });
});
