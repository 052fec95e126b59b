// Dates as feeds really write them, to epoch ms. Feeds are read raw here rather than
// through rss-parser or Date.parse: rss-parser throws on a malformed Atom date and drops a bad
// RSS one, and Date.parse reads zone-less dates in the machine's local time. What this accepts
// beyond RFC 822 and ISO 8601: wrong weekdays (ignored), two-digit years, missing seconds,
// named zones (EST, PDT, CET, ...), "GMT+2", ISO without a zone (read as UTC), trailing junk.
// Unreadable means undefined (ingest uses first-seen); a date in the future is clamped to now.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Zone abbreviations seen in real feeds, as minutes east of UTC. IST is India's (the common one in feeds). */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, ist: 330,
  cet: 60, met: 60, mez: 60, cest: 120, mest: 120, mesz: 120, west: 60,
  eet: 120, eest: 180, msk: 180, wat: 60, cat: 120, sast: 120, eat: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  wib: 420, ict: 420, hkt: 480, sgt: 480, pht: 480, awst: 480, jst: 540, kst: 540,
  acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?|(?:utc|gmt)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)?/;
const TIME = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:\s*([ap])\.?m\.?\b)?/;
const OFFSET = /(?:\b(gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?\b/;
const MAX_DATE_LENGTH = 120;
const EARLIEST_YEAR = 1970;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

/** Epoch ms of a date string from a feed, or undefined; never later than `now`. */
export function parseFeedDate(raw: string | undefined, now: number): number | undefined {
  const text = raw?.trim().toLowerCase();
  if (!text || text.length > MAX_DATE_LENGTH) return undefined;
  const parts = readIso(text) ?? readRfc822(text) ?? readLoose(text);
  const ms = parts && toEpochMs(parts);
  if (ms === undefined) return undefined;
  return Math.min(ms, now);
}

function readIso(text: string): DateParts | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offsetMinutes: m[7] ? (readZone(m[7]) ?? 0) : 0,
  };
}

/**
 * RFC 822 as most RSS feeds write it ("tue, 05 jan 2024 10:00:00 gmt", lowercased): the parts
 * readLoose finds in it, read with one regex; anything else is left to readLoose. A tenth of
 * parsing an RSS feed went to readLoose's passes over dates written this way.
 */
const RFC_822 = /^(?:(mon|tue|wed|thu|fri|sat|sun), )?(\d{1,2}) ([a-z]{3}) (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|([a-z]+))$/;

function readRfc822(text: string): DateParts | undefined {
  const m = RFC_822.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[3]!) + 1;
  if (month === 0) return undefined;
  let offsetMinutes = 0;
  if (m[11] !== undefined) {
    if (!Object.hasOwn(ZONES, m[11])) return undefined;
    offsetMinutes = ZONES[m[11]]!;
  } else {
    // An offset that is no zone leaves the time read as UTC, as readZone's caller does.
    offsetMinutes = signedOffset(m[8]!, Number(m[9]), Number(m[10])) ?? 0;
  }
  return { year: Number(m[4]), month, day: Number(m[2]), hour: Number(m[5]), minute: Number(m[6]), second: Number(m[7]), offsetMinutes };
}

/** RFC 822 and the many things people write instead: "Tue, 5 Jan 2024 10:00 EST", "January 5, 2024 3:04 pm". */
function readLoose(input: string): DateParts | undefined {
  let text = input.replace(/\([^)]*\)/g, ' ');
  let hour = 0;
  let minute = 0;
  let second = 0;
  let offsetMinutes = 0;
  const time = TIME.exec(text);
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? 0);
    if (time[4]) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (time[4] === 'p' ? 12 : 0);
    }
    // A zone follows the time; reading it only there keeps "2024-01-05"'s dashes from looking like offsets.
    const rest = text.slice(time.index + time[0].length);
    text = text.slice(0, time.index);
    offsetMinutes = readZone(rest) ?? 0;
    text += ' ' + rest.replace(OFFSET, ' ');
  }
  const date = readCalendarDate(text);
  return date && { ...date, hour, minute, second, offsetMinutes };
}

function readCalendarDate(text: string): Pick<DateParts, 'year' | 'month' | 'day'> | undefined {
  const month = readMonthName(text);
  if (month !== undefined) {
    const numbers = (text.match(/\d+/g) ?? []).filter((n) => n.length <= 4);
    const yearIndex = numbers.findIndex((n) => n.length === 4);
    if (yearIndex >= 0) {
      const day = numbers.find((n, i) => i !== yearIndex && n.length <= 2);
      return day ? { year: Number(numbers[yearIndex]), month, day: Number(day) } : undefined;
    }
    // RFC 822's own form: day first, then a two-digit year.
    const [day, year] = numbers;
    return day && year ? { year: widenYear(Number(year)), month, day: Number(day) } : undefined;
  }
  const ymd = /(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})/.exec(text);
  if (ymd) return { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) };
  const dmy = /(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b/.exec(text);
  if (!dmy) return undefined;
  const [a, b] = [Number(dmy[1]), Number(dmy[3])];
  const year = widenYear(Number(dmy[4]));
  // Dots are European day.month.year; slashes are the US month/day/year unless that cannot be.
  const dayFirst = dmy[2] === '.' || a > 12;
  return dayFirst ? { year, month: b, day: a } : { year, month: a, day: b };
}

function readMonthName(text: string): number | undefined {
  for (const word of text.match(/[a-z]{3,}/g) ?? []) {
    const index = MONTHS.indexOf(word.slice(0, 3));
    if (index >= 0) return index + 1;
  }
  return undefined;
}

/** Minutes east of UTC of the first zone in `text` (unknown zones read as UTC by the caller). */
function readZone(text: string): number | undefined {
  return readOffset(text) ?? readNamedZone(text);
}

/** "+0200", "+02:00", "-05", "GMT+2", "UTC-05:00". */
function readOffset(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  // A bare "-5" is more likely junk than a zone; RFC 822 and ISO write two-digit hours.
  if (!m[1] && m[3]!.length < 2) return undefined;
  return signedOffset(m[2] ?? '+', Number(m[3]), Number(m[4] ?? 0));
}

/** Minutes east of UTC of a written offset; none past 14 hours or 59 minutes, which is no zone. */
function signedOffset(sign: string, hours: number, minutes: number): number | undefined {
  if (hours > 14 || minutes > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function readNamedZone(text: string): number | undefined {
  for (const word of text.match(/[a-z]+/g) ?? []) {
    const offset = ZONES[word];
    if (offset !== undefined) return offset;
  }
  return undefined;
}

function widenYear(year: number): number {
  if (year >= 100) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

function toEpochMs(p: DateParts): number | undefined {
  if (p.year < EARLIEST_YEAR || p.month < 1 || p.month > 12 || p.day < 1) return undefined;
  if (p.hour > 23 || p.minute > 59 || p.second > 60) return undefined;
  const ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, Math.min(p.second, 59));
  // Date.UTC rolls "February 30" into March; a day the month does not have is a bad date.
  if (new Date(ms).getUTCDate() !== p.day) return undefined;
  const epochMs = ms - p.offsetMinutes * 60_000;
  // The epoch itself is what a zero or missing timestamp prints as, not a real date.
  return epochMs > 0 ? epochMs : undefined;
}
