import { describe, expect, it } from 'vitest';
import { otherSchemaVanished } from '../../src/store/db.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('migrate: a schema dropped by someone else during the catalog look', () => {
  it('is looked at again when the vanished schema is not ours', () => {
    expect(otherSchemaVanished(pgError('3F000', 'schema "t_other" does not exist'), 't_mine')).toBe(true);
  });
  it('is an error when our own schema is missing, or for any other failure', () => {
    expect(otherSchemaVanished(pgError('3F000', 'schema "t_mine" does not exist'), 't_mine')).toBe(false);
    expect(otherSchemaVanished(pgError('42P01', 'relation "x" does not exist'), 't_mine')).toBe(false);
    expect(otherSchemaVanished(new Error('boom'), 't_mine')).toBe(false);
    expect(otherSchemaVanished(undefined, 't_mine')).toBe(false);
  });
});
