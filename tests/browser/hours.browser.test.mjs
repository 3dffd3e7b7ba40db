// The "open now" line on a service page, in the browser: shown with script, and without
// script the hours table alone.
import test from "node:test";
import assert from "node:assert";
import { BASE, launch } from "./browser.mjs";

// The health centre is open 08:00–17:00 on weekdays, in Dutch time. The phone is set to
// New York (six hours behind Amsterdam): a page that used the phone's clock would say otherwise.
for (const [when, nl, ar] of [
  // Tuesday 1 December 2026, 09:30 in Amsterdam (08:30 UTC; 03:30 in New York).
  ["2026-12-01T08:30:00Z", "Nu open · sluit om 17:00", /^مفتوح الآن/],
  // Tuesday 17:30 in Amsterdam (11:30 in New York, when the centre would be open there).
  ["2026-12-01T16:30:00Z", "Nu gesloten · gaat morgen om 08:00 open", /^مغلق الآن/],
  // Saturday noon in Amsterdam.
  ["2026-12-05T11:00:00Z", "Nu gesloten · gaat maandag om 08:00 open", /^مغلق الآن/],
]) {
  test(`service pages say whether the service is open now, in Dutch time (${when})`, async () => {
    const browser = await launch();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, timezoneId: "America/New_York" });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(when));
    await page.goto(`${BASE}nl/services/health-centre/`);
    const status = page.locator("#open-status");
    await status.waitFor({ state: "visible" });
    // The times and days are isolated (U+2068 … U+2069) for right-to-left pages.
    assert.strictEqual((await status.textContent()).replace(/[\u2068\u2069]/g, "").trim(), nl);
    await page.goto(`${BASE}ar/services/health-centre/`);
    await page.locator("#open-status").waitFor({ state: "visible" });
    assert.match(await page.locator("#open-status").textContent(), ar);
    await browser.close();
  });
}

test("without JavaScript the hours are still there", async () => {
  const browser = await launch();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}nl/services/health-centre/`);
  assert.ok(await page.locator("table.hours").isVisible());
  assert.ok(await page.locator("#open-status").isHidden());
  await browser.close();
});
