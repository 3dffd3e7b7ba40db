// Offline: after the first visit to a language's home page, that language's pages, style,
// scripts and card work with no connection at all (the server is stopped, not just emulated).
import test from "node:test";
import assert from "node:assert";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { launch } from "./browser.mjs";

const ROOT = process.env.WEGWIJS_SITE_DIR;
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".pdf": "application/pdf", ".vcf": "text/vcard", ".webmanifest": "application/manifest+json",
  ".json": "application/json" };

function serve() {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let file = path.join(ROOT, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (file.endsWith("/")) file = path.join(file, "index.html");
    if (!file.startsWith(ROOT) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    base: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(done); }),
  })));
}

test("a language keeps working offline after its first visit", { skip: !ROOT, timeout: 120000 }, async () => {
  const { base, stop } = await serve();
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${base}nl/`);
  // The worker is active once everything it keeps is stored.
  await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active.state));
  const kept = await page.evaluate(async () => {
    const keys = await caches.keys();
    let n = 0;
    for (const k of keys) n += (await (await caches.open(k)).keys()).length;
    return { keys, n };
  });
  assert.ok(kept.n >= 30, JSON.stringify(kept));
  assert.ok(kept.keys.every((k) => k.startsWith("wegwijs-nl-")), "only this language is kept");

  await stop();
  await context.setOffline(true);
  for (const [p, heading] of [["nl/guides/first-week/", "Uw eerste week in Lindewaard"], ["nl/contacts/", null], ["nl/services/health-centre/", null]]) {
    const response = await page.goto(base + p);
    assert.ok(response && response.ok(), `${p} offline`);
    const h1 = await page.locator("h1").textContent();
    if (heading) assert.strictEqual(h1, heading);
    // The site's own style, not the browser's default font.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.ok(font.includes("Noto Sans Arabic"), `${p}: ${font}`);
  }
  // The style is there (not the browser's defaults): the skip link is hidden off screen.
  assert.ok(await page.evaluate(() => document.querySelector(".skip").getBoundingClientRect().width <= 1));
  const card = await page.evaluate(async () => {
    const r = await fetch("../../card.pdf");
    return [r.status, r.headers.get("content-type"), (await r.arrayBuffer()).byteLength];
  });
  assert.strictEqual(card[0], 200);
  assert.ok(card[2] > 10000, `card ${card}`);
  // Another language was never visited: nothing of it is kept (its pages are outside this
  // worker's scope, so only the cache can tell).
  const paths = await page.evaluate(async () => {
    const out = [];
    for (const k of await caches.keys()) {
      for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
  assert.ok(paths.some((p) => p.startsWith("/nl/guides/")), paths.join(" "));
  const others = paths.filter((p) => /^\/(en|ar|ti|fa)\//.test(p));
  assert.deepStrictEqual(others, [], "no other language's pages kept");
  await browser.close();
});
