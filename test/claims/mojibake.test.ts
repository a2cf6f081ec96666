import { describe, expect, it } from "vitest";
import { repairMojibake } from "../../src/claims/mojibake.js";

/** How a document ends up with mojibake: its UTF-8 bytes decoded with a legacy code page, then saved again. */
function misread(text: string, encoding: "latin1" | "macintosh"): string {
  return new TextDecoder(encoding).decode(new TextEncoder().encode(text));
}

/** As Windows-1252 shows them; the bytes it leaves undefined appear as U+FFFD. */
const WINDOWS_1252: Record<string, string> = {
  "✅": "âœ…",
  "❌": "â\uFFFDŒ",
  "✔": "âœ”",
  "☑": "â˜‘",
  "🟢": "ðŸŸ¢",
  "🔴": "ðŸ”´",
  "🟡": "ðŸŸ¡",
  "⚠️": "âš ï¸\uFFFD",
  "—": "â€”",
  "→": "â†’",
};

const MARKS = ["✅", "❌", "⚠️", "✔", "☑", "🟢", "🔴", "🟡", "⏳", "—", "→"];

describe("repairMojibake", () => {
  it.each(Object.entries(WINDOWS_1252))("repairs %s read as Windows-1252 (%s)", (mark, garbled) => {
    expect(repairMojibake(`| Docker | ${garbled} |`)).toBe(`| Docker | ${mark} |`);
  });

  it.each(MARKS)("repairs %s read as Latin-1 (C1 control characters) and as Mac Roman", (mark) => {
    expect(repairMojibake(`- ${misread(mark, "latin1")} Sentry`)).toBe(`- ${mark} Sentry`);
    expect(repairMojibake(`- ${misread(mark, "macintosh")} Sentry`)).toBe(`- ${mark} Sentry`);
  });

  it("repairs the forms quoted in real documents", () => {
    expect(repairMojibake("âœ… Done")).toBe("✅ Done");
    expect(repairMojibake("â�Œ Missing")).toBe("❌ Missing");
    expect(repairMojibake("‚úÖ Done ‚ùå Missing")).toBe("✅ Done ❌ Missing");
    expect(repairMojibake("ðŸŸ¢ ok")).toBe("🟢 ok");
    expect(repairMojibake("âš ï¸ Partial")).toBe("⚠️ Partial");
    expect(repairMojibake("‚ö†Ô∏è Partial")).toBe("⚠️ Partial");
  });

  it("guesses a lost byte only when exactly one mark fits", () => {
    expect(repairMojibake("â�Œ")).toBe("❌");
    expect(repairMojibake("â?Œ")).toBe("❌");
    expect(repairMojibake("â�x")).toBe("â�x");
  });

  it("leaves correct text alone, accented words included", () => {
    for (const text of ["✅ Docker", "café —été “Éxito” naïve Ångström", "plain ascii | table |", "Ça va? Où ça?"]) {
      expect(repairMojibake(text)).toBe(text);
    }
  });
});
