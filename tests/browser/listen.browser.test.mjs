// A guide aloud in the browser: the recording plays and, once played, is kept for offline
// use; without a recording, the "read aloud" button appears only where the phone has a voice
// for the language (speechSynthesis stubbed: headless Chromium has no voices).
import test from "node:test";
import assert from "node:assert";
import { BASE, launch, phone } from "./browser.mjs";

test("a recording plays at the top of its guide and is kept once played", async () => {
  const browser = await launch();
  const { context, page } = await phone(browser);
  await page.goto(`${BASE}nl/guides/first-week/`);
  // The offline worker controls the page after its first visit.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const audio = page.locator("article .listen audio");
  assert.ok(await audio.isVisible());
  assert.match(await page.locator(".listen .meta").textContent(), /0:03/);
  const played = await page.evaluate(async () => {
    const a = document.querySelector("article .listen audio");
    a.muted = true;
    await a.play();
    await new Promise((done) => setTimeout(done, 600));
    return { duration: a.duration, time: a.currentTime, src: a.currentSrc };
  });
  assert.ok(Math.abs(played.duration - 2.5) < 0.2, `plays 2.5 s: ${played.duration}`);
  assert.ok(played.time > 0, `it plays: ${played.time}`);
  // Once played, the worker keeps it: the last three played, per language.
  await page.waitForFunction(async (src) => {
    const c = await caches.open("wegwijs-nl-recordings");
    return (await c.keys()).some((r) => r.url === src);
  }, played.src);
  // The page offers no phone voice where there is a recording.
  assert.strictEqual(await page.locator("[data-read-aloud]").count(), 0);
  // Without a connection it plays from the phone, in the pieces the player asks for.
  await context.setOffline(true);
  await page.reload();
  const offline = await page.evaluate(async () => {
    const a = document.querySelector("article .listen audio");
    a.muted = true;
    await a.play();
    await new Promise((done) => setTimeout(done, 600));
    return { duration: a.duration, time: a.currentTime };
  });
  assert.ok(Math.abs(offline.duration - 2.5) < 0.2 && offline.time > 0, JSON.stringify(offline));
  await browser.close();
});

// A phone with Dutch and English voices, and none for Arabic or Tigrinya.
function stubVoices() {
  window.__spoken = [];
  const voices = [
    { name: "Stub Dutch", lang: "nl-NL", default: true, localService: true, voiceURI: "stub-nl" },
    { name: "Stub English", lang: "en-GB", default: false, localService: true, voiceURI: "stub-en" },
  ];
  const synth = {
    speaking: false,
    pending: false,
    getVoices: () => voices,
    speak(u) { window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name }); },
    cancel() { window.__spoken.push("cancel"); },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => synth });
  // The real utterance takes only a real voice.
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
}

test("the read-aloud button is there only where the phone has a voice for the text", async () => {
  const browser = await launch();
  const { context, page } = await phone(browser);
  await context.addInitScript(stubVoices);
  await page.goto(`${BASE}nl/guides/money-and-debts/`);
  const button = page.locator("[data-read-aloud]");
  await button.waitFor({ state: "visible" });
  await button.click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.length > 3, JSON.stringify(spoken));
  assert.ok(spoken.every((s) => s.voice === "Stub Dutch" && s.lang === "nl-NL"), JSON.stringify(spoken));
  assert.match(spoken[0].text, /geld|schulden/i);
  // No Arabic voice: never read Arabic with a Dutch or English one.
  for (const lang of ["ar", "ti"]) {
    await page.goto(`${BASE}${lang}/guides/money-and-debts/`);
    await page.waitForLoadState("load");
    assert.ok(await page.locator("[data-read-aloud]").isHidden(), `${lang}: no button`);
  }
  await browser.close();
});

test("without any voice, or without speech, there is no button", async () => {
  const browser = await launch();
  const { context, page } = await phone(browser);
  // A phone with speech but no voices at all.
  await context.addInitScript(() => {
    const synth = { speaking: false, pending: false, getVoices: () => [], speak() {}, cancel() {}, addEventListener() {} };
    Object.defineProperty(window, "speechSynthesis", { configurable: true, get: () => synth });
  });
  await page.goto(`${BASE}nl/guides/money-and-debts/`);
  await page.waitForLoadState("load");
  assert.ok(await page.locator("script[src$='listen.js']").count() === 1);
  assert.ok(await page.locator("[data-read-aloud]").isHidden());
  // A phone without speech.
  const bare = await browser.newContext();
  await bare.addInitScript(() => { delete Window.prototype.speechSynthesis; delete window.SpeechSynthesisUtterance; });
  const other = await bare.newPage();
  await other.goto(`${BASE}nl/guides/money-and-debts/`);
  await other.waitForLoadState("load");
  assert.ok(await other.locator("[data-read-aloud]").isHidden());
  await browser.close();
});
