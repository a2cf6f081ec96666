/**
 * Repairs mojibake: UTF-8 text that was once decoded as Windows-1252/Latin-1 or as Mac Roman
 * and saved again, so that "✅" reads "âœ…" or "‚úÖ". Readiness documents are full of it, and
 * a status mark we cannot read is a claim we cannot see.
 *
 * Only sequences that decode to punctuation, arrows, symbols, dingbats and emoji (U+2000 and up)
 * are repaired: legitimate accented text ("café —été") is never rewritten.
 */

/** Windows-1252 bytes 0x80–0x9F; undefined bytes keep their Latin-1 control character. */
const CP1252_80_9F = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
/** Mac Roman bytes 0x80–0xFF. */
const MAC_ROMAN_80_FF =
  "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00A0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

type ByteTable = ReadonlyMap<number, number>;

function windows1252Table(): ByteTable {
  const table = new Map<number, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(byte, byte);
  for (const [i, char] of [...CP1252_80_9F].entries()) table.set(char.codePointAt(0) as number, 0x80 + i);
  return table;
}

function macRomanTable(): ByteTable {
  return new Map([...MAC_ROMAN_80_FF].map((char, i) => [char.codePointAt(0) as number, 0x80 + i]));
}

const TABLES: readonly ByteTable[] = [windows1252Table(), macRomanTable()];

/** Bytes Windows-1252 leaves undefined: a lossy round trip turns them into U+FFFD or "?". */
const UNDEFINED_CP1252_BYTES = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
/** What a lossy round trip may leave where a byte was: the replacement character, "?", or a plain space for NBSP. */
const LOST_BYTE = new Set([0xfffd, 0x3f, 0x20]);

/** Marks worth guessing a lost byte for: only these are accepted from a lossy sequence. */
const MARKS = new Set([..."✅❌❎⚠✔✓☑✗✘⏳⌛🟢🔴🟡🟠⛔🚫🚧☐⭕✖➖"].map((c) => c.codePointAt(0) as number).concat(0xfe0f));

const REPAIRABLE_FROM = 0x2000;

/** The text with every repairable mojibake sequence decoded; text without any comes back unchanged. */
export function repairMojibake(text: string): string {
  return hasCandidate(text) ? repair(text) : text;
}

/** Cheap pre-check: every mojibake lead character is non-ASCII. */
function hasCandidate(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return true;
  return false;
}

/**
 * Every character that can stand for a byte here is in the Basic Multilingual Plane, so the text
 * is read by UTF-16 code unit: one code unit, one byte of the original UTF-8.
 */
function repair(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    const decoded = decodeAt(text, i);
    if (!decoded) continue;
    parts.push(text.slice(copied, i), String.fromCodePoint(decoded.codePoint));
    i += decoded.length - 1;
    copied = i + 1;
  }
  parts.push(text.slice(copied));
  return parts.join("");
}

function decodeAt(text: string, start: number): { codePoint: number; length: number } | undefined {
  for (const table of TABLES) {
    const leadByte = table.get(text.charCodeAt(start));
    if (leadByte === undefined) continue;
    if (isTruncatedVariationSelector(text, start, table)) return { codePoint: 0xfe0f, length: 2 };
    const length = sequenceLength(leadByte);
    if (length < 3) continue;
    const decoded = decodeSequence(text, start, leadByte, length, table);
    if (decoded !== undefined) return { codePoint: decoded, length };
  }
  return undefined;
}

/**
 * "ï¸" with its third byte dropped (Windows-1252 has no character for 0x8F): what remains of the
 * emoji variation selector after "⚠️" or "✔️". It carries no meaning, so it becomes U+FE0F again.
 */
function isTruncatedVariationSelector(text: string, start: number, table: ByteTable): boolean {
  if (table.get(text.charCodeAt(start)) !== 0xef || table.get(text.charCodeAt(start + 1)) !== 0xb8) return false;
  const next = text.charCodeAt(start + 2);
  const third = table.get(next);
  return next !== 0xfffd && (third === undefined || third < 0x80 || third > 0xbf);
}

function sequenceLength(leadByte: number): number {
  if (leadByte >= 0xe0 && leadByte <= 0xef) return 3;
  if (leadByte >= 0xf0 && leadByte <= 0xf4) return 4;
  return 0;
}

function decodeSequence(text: string, start: number, leadByte: number, length: number, table: ByteTable): number | undefined {
  const bytes = [leadByte];
  let lost = -1;
  for (let k = 1; k < length; k++) {
    const code = text.charCodeAt(start + k);
    const byte = table.get(code);
    if (byte !== undefined && byte >= 0x80 && byte <= 0xbf) bytes.push(byte);
    else if (LOST_BYTE.has(code) && lost === -1) {
      lost = k;
      bytes.push(0);
    } else return undefined;
  }
  if (lost === -1) {
    const codePoint = utf8CodePoint(bytes);
    return codePoint !== undefined && codePoint >= REPAIRABLE_FROM ? codePoint : undefined;
  }
  const guesses = (text[start + lost] === " " ? [0xa0] : UNDEFINED_CP1252_BYTES)
    .map((byte) => utf8CodePoint(bytes.map((b, k) => (k === lost ? byte : b))))
    .filter((codePoint): codePoint is number => codePoint !== undefined && MARKS.has(codePoint));
  return guesses.length === 1 ? guesses[0] : undefined;
}

function utf8CodePoint(bytes: readonly number[]): number | undefined {
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = bytes;
  for (let k = 1; k < bytes.length; k++) if (((bytes[k] as number) & 0xc0) !== 0x80) return undefined;
  if (bytes.length === 3) {
    const codePoint = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    return codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff) ? undefined : codePoint;
  }
  const codePoint = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
  return codePoint < 0x10000 || codePoint > 0x10ffff ? undefined : codePoint;
}
