/** Checks every human-readable format shares. */

/** Words that only appear when a missing value or a bad number slipped through formatting. */
export function expectNoLeakedPlaceholders(output: string): void {
  expect(output).not.toMatch(/\bundefined\b/);
  expect(output).not.toMatch(/\bNaN\b/);
  expect(output).not.toMatch(/\bnull\b/);
  expect(output).not.toMatch(/\[object Object\]/);
  expect(output).not.toMatch(/Invalid Date/);
}
