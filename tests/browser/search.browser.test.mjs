// Search in every language: Pagefind's index for the page's language, loaded only when the
// reader searches; results lead to guides, services and contacts in that language.
import test from "node:test";
import assert from "node:assert";
import { BASE, launch, phone } from "./browser.mjs";

async function searchFor(page, lang, word) {
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`${BASE}${lang}/search/`);
  assert.deepStrictEqual(requested.filter((u) => u.includes("/pagefind/")), [], "nothing of Pagefind before a search");
  await page.fill("#q", word);
  await page.locator("#search-results li").first().waitFor();
  const hrefs = await page.locator("#search-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return { hrefs, requested };
}

for (const [lang, word, expected] of [
  ["nl", "huisarts", "/nl/guides/gp-and-health-insurance/"],
  // "طبيبك" ("your doctor") is nowhere in the text: Arabic stemming finds "طبيب".
  ["ar", "طبيبك", "/ar/guides/gp-and-health-insurance/"],
  ["fa", "پزشک", "/fa/guides/gp-and-health-insurance/"],
  ["ti", "ሓኪም", "/ti/guides/gp-and-health-insurance/"],
]) {
  test(`search in ${lang}`, async () => {
    const browser = await launch();
    const { page } = await phone(browser);
    const { hrefs, requested } = await searchFor(page, lang, word);
    await browser.close();
    assert.ok(hrefs.some((h) => h.endsWith(expected)), `${expected} in ${hrefs}`);
    assert.ok(hrefs.every((h) => new URL(h).pathname.startsWith(`/${lang}/`)), `all in ${lang}: ${hrefs}`);
    // Only this language's index is fetched (Pagefind names it `pagefind.<lang>_<hash>.pf_meta`).
    const indexes = requested.filter((u) => /\/pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta/.test(u));
    assert.ok(indexes.length > 0, `an index was fetched: ${requested.join(" ")}`);
    assert.ok(indexes.every((u) => u.includes(`/pagefind.${lang}_`)), `only ${lang}: ${indexes.join(" ")}`);
  });
}

test("people and services are found too", async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  const people = await searchFor(page, "en", "Amira");
  assert.ok(people.hrefs.some((h) => h.endsWith("/en/contacts/#amira-haddad")), `${people.hrefs}`);
  const { page: p2 } = await phone(browser);
  const places = await searchFor(p2, "en", "pharmacy");
  assert.ok(places.hrefs.some((h) => h.endsWith("/en/services/health-centre/")), `${places.hrefs}`);
  await browser.close();
});

test("without JavaScript the search page lists every guide", async () => {
  const browser = await launch();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}ti/search/`);
  assert.ok(await page.locator("form.search").isHidden());
  assert.strictEqual(await page.locator("#all-guides li").count(), 6);
  await browser.close();
});
