// The "open now" line on a service page, in the browser: shown with script, and without
// script the hours table alone.
import test from "node:test";
import assert from "node:assert";
import { BASE, launch, phone } from "./browser.mjs";

test("service pages say whether the service is open now", async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  await page.goto(`${BASE}nl/services/health-centre/`);
  const status = page.locator("#open-status");
  await status.waitFor({ state: "visible" });
  assert.match(await status.textContent(), /^Nu (open · sluit om|gesloten · gaat)/);
  await page.goto(`${BASE}ar/services/health-centre/`);
  await page.locator("#open-status").waitFor({ state: "visible" });
  assert.match(await page.locator("#open-status").textContent(), /^(مفتوح|مغلق) الآن/);
  await browser.close();
});

test("without JavaScript the hours are still there", async () => {
  const browser = await launch();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}nl/services/health-centre/`);
  assert.ok(await page.locator("table.hours").isVisible());
  assert.ok(await page.locator("#open-status").isHidden());
  await browser.close();
});
