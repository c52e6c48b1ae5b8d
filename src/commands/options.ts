/** Option parsing against the command table: raw adapter values → typed options, or an error as a value. */
import { err, ok, type Result } from '../domain/errors.js';
import type { CommandRequest, OptionValue } from '../domain/types.js';
import type { CommandSpec, OptionSpec } from './table.js';

export type ParsedOptions = Record<string, string | number | boolean>;

type OptionResult = Result<string | number | boolean | undefined>;

function parseString(spec: OptionSpec, raw: OptionValue): OptionResult {
  const v = String(raw).trim();
  if (v === '') return ok(undefined);
  if (spec.maxLength !== undefined && v.length > spec.maxLength)
    return err('command.option_too_long', { option: spec.name, limit: spec.maxLength });
  if (spec.choices) {
    const choice = spec.choices.find((c) => c.value === v.toLowerCase());
    if (!choice) return err('command.invalid_choice', { option: spec.name, allowed: choiceList(spec) });
    return ok(choice.value);
  }
  return ok(v);
}

function choiceList(spec: OptionSpec): string {
  return (spec.choices ?? []).map((c) => c.value).join(', ');
}

function parseInteger(spec: OptionSpec, raw: OptionValue): OptionResult {
  const text = String(raw).trim();
  if (text === '') return ok(undefined);
  const n = typeof raw === 'number' ? raw : /^[+-]?\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n)) return err('command.option_not_integer', { option: spec.name });
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
    return err('command.option_out_of_range', {
      option: spec.name,
      min: spec.min ?? '-∞',
      max: spec.max ?? '∞',
    });
  return ok(n);
}

function parseBoolean(spec: OptionSpec, raw: OptionValue): OptionResult {
  if (typeof raw === 'boolean') return ok(raw);
  const v = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'ja', 'on', '1'].includes(v)) return ok(true);
  if (['false', 'no', 'nein', 'off', '0'].includes(v)) return ok(false);
  return err('command.invalid_choice', { option: spec.name, allowed: 'true, false' });
}

function parseOne(spec: OptionSpec, raw: OptionValue | undefined, req: CommandRequest): OptionResult {
  if (spec.type === 'attachment') return ok(req.attachment ? req.attachment.name : undefined);
  if (raw === undefined) return ok(undefined);
  if (spec.type === 'integer') return parseInteger(spec, raw);
  if (spec.type === 'boolean') return parseBoolean(spec, raw);
  return parseString(spec, raw);
}

/** Validate `req.options` against the command's spec: unknown names, types, ranges, choices, required ones. */
export function parseOptions(spec: CommandSpec, req: CommandRequest): Result<ParsedOptions> {
  for (const name of Object.keys(req.options)) {
    if (req.options[name] !== undefined && !spec.options.some((o) => o.name === name))
      return err('command.unknown_option', { option: name });
  }
  const out: ParsedOptions = {};
  for (const o of spec.options) {
    const r = parseOne(o, req.options[o.name], req);
    if (!r.ok) return r;
    if (r.value === undefined) {
      if (o.required) return err('command.missing_option', { option: o.name });
      continue;
    }
    out[o.name] = r.value;
  }
  return ok(out);
}

export function optString(o: ParsedOptions, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' ? v : undefined;
}

export function optInt(o: ParsedOptions, name: string): number | undefined {
  const v = o[name];
  return typeof v === 'number' ? v : undefined;
}
