/** Milliseconds in one hour; every lifetime in the plan is a whole number of hours. */
export const HOUR_MS = 3_600_000;

/** Hours in a lifetime string (`336h`, `14d`); throws on anything the schema would reject. */
export function lifetimeHours(text: string): number {
  const m = /^([1-9][0-9]*)(h|d)$/.exec(text);
  if (m === null) throw new Error(`"${text}" is not a lifetime like 336h or 14d`);
  return Number(m[1]) * (m[2] === 'd' ? 24 : 1);
}

/** An exact fraction, so renewal instants are whole milliseconds and never drift through rounding. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
  /** As written in the spec: `2/3`, `0.75`. */
  readonly text: string;
}

/** Parses `2/3` or `0.75`; throws unless strictly between 0 and 1. */
export function parseFraction(text: string): Fraction {
  let num: number;
  let den: number;
  const slash = /^([0-9]+)\/([0-9]+)$/.exec(text);
  const dec = /^0\.([0-9]{1,3})$/.exec(text);
  if (slash !== null) {
    num = Number(slash[1]);
    den = Number(slash[2]);
  } else if (dec !== null) {
    num = Number(dec[1]);
    den = 10 ** (dec[1] ?? '').length;
  } else {
    throw new Error(`"${text}" is not a fraction like 2/3 or 0.75`);
  }
  if (!(num > 0 && den > 0 && num < den)) throw new Error(`renewAt ${text} must lie strictly between 0 and 1`);
  return { num, den, text };
}

/** `floor(ms × fraction)`, exact in integers. */
export function fractionOf(ms: number, f: Fraction): number {
  return Math.floor((ms * f.num) / f.den);
}

/** `336h` → `14d`, `25h` → `25h`: how a lifetime reads to a human. */
export function formatHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
