import { expect, it } from 'vitest';
import { parseOptions } from '../../../src/commands/options.js';
import { COMMANDS, findCommand } from '../../../src/commands/table.js';
import type { CommandRequest, OptionValue } from '../../../src/domain/types.js';

function request(
  name: string,
  options: Record<string, OptionValue | undefined>,
  attachment?: CommandRequest['attachment'],
): CommandRequest {
  return {
    name,
    options,
    actor: { platform: 'console', userId: 'u', isAdmin: true },
    channel: { platform: 'console', chatId: 'c' },
    locale: 'de',
    ...(attachment ? { attachment } : {}),
  };
}

function parse(
  name: string,
  options: Record<string, OptionValue | undefined>,
  attachment?: CommandRequest['attachment'],
) {
  const spec = findCommand(name);
  if (!spec) throw new Error(name);
  return parseOptions(spec, request(name, options, attachment));
}

it('types values: integers from numbers or digit strings, choices case-insensitively, strings trimmed', () => {
  expect(parse('summary', { target: '  latest ', count: '3' })).toEqual({
    ok: true,
    value: { target: 'latest', count: 3 },
  });
  expect(parse('settings', { subscription: 2, mode: 'DIGEST', max_items: 50 })).toEqual({
    ok: true,
    value: { subscription: 2, mode: 'digest', max_items: 50 },
  });
  expect(parse('settings', { regex: '', include: undefined })).toEqual({ ok: true, value: {} });
});

it('returns errors as values with codes and parameters', () => {
  const code = (r: ReturnType<typeof parse>) => (r.ok ? 'ok' : r.error);
  expect(code(parse('summary', {}))).toEqual({
    code: 'command.missing_option',
    params: { option: 'target' },
  });
  expect(code(parse('summary', { target: 'x', count: 0 }))).toEqual({
    code: 'command.option_out_of_range',
    params: { option: 'count', min: 1, max: 10 },
  });
  expect(code(parse('summary', { target: 'x', count: '1e3' }))).toMatchObject({
    code: 'command.option_not_integer',
  });
  expect(code(parse('settings', { language: 'fr' }))).toEqual({
    code: 'command.invalid_choice',
    params: { option: 'language', allowed: 'de, en' },
  });
  expect(code(parse('help', { x: 1 }))).toEqual({ code: 'command.unknown_option', params: { option: 'x' } });
  expect(code(parse('why', { url: `https://x.example/${'a'.repeat(2048)}` }))).toMatchObject({
    code: 'command.option_too_long',
  });
});

it('takes the attachment option from the request’s attachment', () => {
  expect(parse('opml import', {}, { name: 'a.opml', content: '<opml/>' })).toEqual({
    ok: true,
    value: { file: 'a.opml' },
  });
  expect(parse('opml import', {}).ok).toBe(false);
});

it('every table command has descriptions in both languages and unique names', () => {
  const names = COMMANDS.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
  for (const c of COMMANDS) {
    expect(c.description.de && c.description.en, c.name).toBeTruthy();
    for (const o of c.options)
      expect(o.description.de && o.description.en, `${c.name} ${o.name}`).toBeTruthy();
  }
});
