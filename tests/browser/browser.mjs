// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core.
import { after } from "node:test";
import { chromium } from "playwright-core";

// Browsers still open when a test fails would keep the test process alive for ever.
const open = [];
after(async () => {
  for (const b of open) await b.close().catch(() => {});
});

export const BASE = process.env.WEGWIJS_BASE_URL;
export const SHOTS = process.env.WEGWIJS_SCREENSHOTS;
if (!BASE) {
  throw new Error("WEGWIJS_BASE_URL is not set: run these tests through `cargo test --test browser`");
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  open.push(browser);
  return browser;
}

/// A phone-sized page: 360 × 740 CSS pixels, as on a low-end Android phone.
export async function phone(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  return { context, page: await context.newPage() };
}
