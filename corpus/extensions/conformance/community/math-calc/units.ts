/**
 * Unit conversion for math-calc's `convert` tool.
 *
 * Each dimension has a base unit; every other unit is a factor (and for
 * temperature an offset) relative to it. Input looks like
 *     "3.5 km to mi"     "72 °F in C"     "1.5 GiB -> MB"     "90 km/h to m/s"
 * Parsing is a single regex plus table lookups: there is no code generation
 * (no eval, no new Function), so "2 + process.exit()" is simply rejected.
 */

export type Dimension = "length" | "mass" | "time" | "data" | "speed" | "temperature" | "area" | "volume";

interface Unit {
  dim: Dimension;
  /** value_in_base = value * factor + offset */
  factor: number;
  offset?: number;
  label: string;
}

const U = (dim: Dimension, factor: number, label: string, offset = 0): Unit => ({ dim, factor, offset, label });

export const UNITS: Record<string, Unit> = {
  // length (base: metre)
  mm: U("length", 1e-3, "millimetre"),
  cm: U("length", 1e-2, "centimetre"),
  m: U("length", 1, "metre"),
  km: U("length", 1e3, "kilometre"),
  in: U("length", 0.0254, "inch"),
  ft: U("length", 0.3048, "foot"),
  yd: U("length", 0.9144, "yard"),
  mi: U("length", 1609.344, "mile"),
  nmi: U("length", 1852, "nautical mile"),
  // mass (base: kilogram)
  mg: U("mass", 1e-6, "milligram"),
  g: U("mass", 1e-3, "gram"),
  kg: U("mass", 1, "kilogram"),
  t: U("mass", 1e3, "tonne"),
  oz: U("mass", 0.028349523125, "ounce"),
  lb: U("mass", 0.45359237, "pound"),
  // time (base: second)
  ns: U("time", 1e-9, "nanosecond"),
  us: U("time", 1e-6, "microsecond"),
  ms: U("time", 1e-3, "millisecond"),
  s: U("time", 1, "second"),
  min: U("time", 60, "minute"),
  h: U("time", 3600, "hour"),
  d: U("time", 86400, "day"),
  wk: U("time", 604800, "week"),
  // data (base: byte)
  b: U("data", 1 / 8, "bit"),
  B: U("data", 1, "byte"),
  KB: U("data", 1e3, "kilobyte"),
  MB: U("data", 1e6, "megabyte"),
  GB: U("data", 1e9, "gigabyte"),
  TB: U("data", 1e12, "terabyte"),
  KiB: U("data", 1024, "kibibyte"),
  MiB: U("data", 1024 ** 2, "mebibyte"),
  GiB: U("data", 1024 ** 3, "gibibyte"),
  TiB: U("data", 1024 ** 4, "tebibyte"),
  // speed (base: metre per second)
  "m/s": U("speed", 1, "metre per second"),
  "km/h": U("speed", 1000 / 3600, "kilometre per hour"),
  mph: U("speed", 1609.344 / 3600, "mile per hour"),
  kn: U("speed", 1852 / 3600, "knot"),
  // temperature (base: kelvin)
  K: U("temperature", 1, "kelvin"),
  C: U("temperature", 1, "degree Celsius", 273.15),
  F: U("temperature", 5 / 9, "degree Fahrenheit", 273.15 - (32 * 5) / 9),
  // area (base: square metre)
  m2: U("area", 1, "square metre"),
  km2: U("area", 1e6, "square kilometre"),
  ha: U("area", 1e4, "hectare"),
  acre: U("area", 4046.8564224, "acre"),
  ft2: U("area", 0.09290304, "square foot"),
  // volume (base: litre)
  ml: U("volume", 1e-3, "millilitre"),
  l: U("volume", 1, "litre"),
  m3: U("volume", 1e3, "cubic metre"),
  gal: U("volume", 3.785411784, "US gallon"),
  floz: U("volume", 0.0295735295625, "US fluid ounce"),
};

const ALIASES: Record<string, string> = {
  "°c": "C", "°f": "F", celsius: "C", fahrenheit: "F", kelvin: "K",
  metre: "m", meter: "m", metres: "m", meters: "m", kilometre: "km", kilometer: "km",
  mile: "mi", miles: "mi", foot: "ft", feet: "ft", inch: "in", inches: "in",
  kph: "km/h", kmh: "km/h", knots: "kn", hour: "h", hours: "h", minute: "min", minutes: "min",
  sec: "s", secs: "s", second: "s", seconds: "s", day: "d", days: "d", week: "wk", weeks: "wk",
  byte: "B", bytes: "B", bit: "b", bits: "b", liter: "l", litre: "l", liters: "l", litres: "l",
  pound: "lb", pounds: "lb", lbs: "lb", ounce: "oz", gram: "g", grams: "g", kilo: "kg", kilos: "kg",
  "m²": "m2", "km²": "km2", "ft²": "ft2", "m³": "m3",
};

export class UnitError extends Error {}

function lookup(raw: string): [string, Unit] {
  const exact = UNITS[raw];
  if (exact) return [raw, exact];
  const alias = ALIASES[raw.toLowerCase()];
  if (alias) return [alias, UNITS[alias]];
  // case-insensitive fallback, but only when unambiguous (MB vs Mb vs mb)
  const matches = Object.keys(UNITS).filter((k) => k.toLowerCase() === raw.toLowerCase());
  if (matches.length === 1) return [matches[0], UNITS[matches[0]]];
  throw new UnitError(matches.length > 1 ? `ambiguous unit '${raw}' (${matches.join(", ")})` : `unknown unit '${raw}'`);
}

const QUERY = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([^\s\d][^\s]*)\s+(?:to|in|as|->|=>)\s+([^\s]+)\s*$/i;

export function convert(query: string): { value: number; from: string; to: string; text: string } {
  const m = QUERY.exec(query);
  if (!m) throw new UnitError("expected '<number> <unit> to <unit>', e.g. '10 km to mi'");
  const amount = Number(m[1]);
  const [fromKey, from] = lookup(m[2]);
  const [toKey, to] = lookup(m[3]);
  if (from.dim !== to.dim) throw new UnitError(`cannot convert ${from.dim} (${fromKey}) to ${to.dim} (${toKey})`);
  const base = amount * from.factor + (from.offset ?? 0);
  const value = (base - (to.offset ?? 0)) / to.factor;
  const shown = Math.abs(value) >= 1e-4 && Math.abs(value) < 1e15 ? Number(value.toPrecision(10)).toString() : value.toExponential(6);
  return { value, from: fromKey, to: toKey, text: `${m[1]} ${fromKey} = ${shown} ${toKey} (${to.label}s)` };
}

export function listUnits(dim?: Dimension): string[] {
  const rows = Object.entries(UNITS)
    .filter(([, u]) => !dim || u.dim === dim)
    .map(([k, u]) => `${u.dim.padEnd(12)} ${k.padEnd(6)} ${u.label}`);
  return rows.sort();
}
