/**
 * Dates of feeds: RFC 822/1123, ISO 8601, and what V8's Date does not know: German month and weekday
 * names, MEZ/MESZ/CET/CEST, numeric German dates (05.03.2024 14:30). Impossible dates give undefined.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  januar: 1,
  january: 1,
  jän: 1,
  jänner: 1,
  feb: 2,
  februar: 2,
  february: 2,
  mär: 3,
  mrz: 3,
  märz: 3,
  maerz: 3,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  mai: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oktober: 10,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dez: 12,
  dezember: 12,
  dec: 12,
  december: 12,
};

const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wez: 0,
  wet: 0,
  mez: 60,
  cet: 60,
  mesz: 120,
  cest: 120,
  met: 60,
  mest: 120,
  bst: 60,
  eet: 120,
  eest: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const WEEKDAY = /^[A-Za-zÄÖÜäöüß]+\.?,?\s+/;
const TEXT_DATE =
  /^(\d{1,2})\.?\s*([A-Za-zÄÖÜäöü]+)\.?,?\s+(\d{2,4})(?:,?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*uhr)?)?\s*(.*)$/i;
const US_DATE = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/;
const NUM_DATE =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?(?:\s+(?:um\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*uhr)?)?\s*(.*)$/i;

/** Minutes east of UTC for a zone text ("+0100", "+01:00", "MEZ", ""), or undefined when unknown. */
export function zoneOffset(zone: string): number | undefined {
  const z = zone
    .trim()
    .replace(/^\(|\)$/g, '')
    .toLowerCase();
  if (z === '') return 0;
  const num = /^(?:gmt|utc)?([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (num) return (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3]));
  return ZONES[z];
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, off: number) {
  const year = y < 100 ? (y < 50 ? 2000 + y : 1900 + y) : y;
  const ms = Date.UTC(year, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 60)
    return undefined;
  return ms - off * 60_000;
}

type Parts = [string, string, string, string | undefined, string | undefined, string | undefined, string];

function fromParts(day: string, month: number | undefined, p: Parts): number | undefined {
  const [, , year, h, mi, s, zone] = p;
  const off = zoneOffset(zone);
  if (month === undefined || off === undefined) return undefined;
  return build(Number(year), month, Number(day), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), off);
}

function parseTextual(s: string): number | undefined {
  const lead = WEEKDAY.exec(s)?.[0] ?? '';
  const word = lead.replace(/[.,\s]+$/, '').toLowerCase();
  const text = lead !== '' && MONTHS[word] === undefined ? s.slice(lead.length) : s;
  const m = TEXT_DATE.exec(text);
  if (m) {
    const [, day = '', mon = '', year = '', h, mi, sec, zone = ''] = m;
    return fromParts(day, MONTHS[mon.toLowerCase()], [day, mon, year, h, mi, sec, zone]);
  }
  const u = US_DATE.exec(text);
  if (u) {
    const [, mon = '', day = '', year = '', h, mi, sec, zone = ''] = u;
    return fromParts(day, MONTHS[mon.toLowerCase()], [day, mon, year, h, mi, sec, zone]);
  }
  const n = NUM_DATE.exec(text);
  if (n) {
    const [, day = '', mon = '', year = '', h, mi, sec, zone = ''] = n;
    return fromParts(day, Number(mon), [day, mon, year, h, mi, sec, zone]);
  }
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of a feed date, or undefined when it is missing or impossible. */
export function parseDate(s: string | undefined): number | undefined {
  if (typeof s !== 'string') return undefined;
  const text = s.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 100) return undefined;
  if (ISO.test(text)) {
    const iso = text
      .replace(/\s+(?=Z|[+-]\d)/i, '')
      .replace(' ', 'T')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const v = Date.parse(/T|Z|[+-]\d{2}:\d{2}$/i.test(iso) ? iso : `${iso}T00:00:00Z`);
    return Number.isNaN(v) ? undefined : v;
  }
  const textual = parseTextual(text);
  if (textual !== undefined) return textual;
  const loose = Date.parse(text);
  if (Number.isNaN(loose) || /^\d+$/.test(text)) return undefined;
  const year = new Date(loose).getUTCFullYear();
  return year >= 1970 && year <= 2200 ? loose : undefined;
}
