/** The shape of one catalog entry (feeds/*.yaml), validated with zod. */
import { z } from 'zod';

export const MIN_INTERVAL_MINUTES = 2;

const required = (what: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : `must be ${what}`),
});

export const catalogEntrySchema = z.strictObject({
  url: z
    .string(required('text'))
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL'),
  name: z.string(required('text')).trim().min(1, 'must not be empty').max(200),
  language: z.enum(['de', 'en'], required('de or en')),
  tags: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u, 'must be a word of letters, digits, - or _'),
    )
    .default([]),
  interval: z
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(MIN_INTERVAL_MINUTES, `must be at least ${MIN_INTERVAL_MINUTES} minutes`)
    .max(1440, 'must be at most 1440 minutes')
    .optional(),
  fullText: z.boolean({ error: 'must be true or false' }).optional(),
});

export type CatalogEntry = z.output<typeof catalogEntrySchema>;
