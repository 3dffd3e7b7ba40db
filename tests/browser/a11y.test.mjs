// axe-core over every kind of page in every example language: no violations. Also: nothing is
// wider than the phone, and keyboard focus is visible.
import test from "node:test";
import assert from "node:assert";
import { createRequire } from "node:module";
import { BASE, SHOTS, launch, phone } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const LANGS = ["nl", "en", "ar", "ti", "fa"];
const KINDS = {
  home: "", contacts: "contacts/", services: "services/", service: "services/health-centre/",
  guides: "guides/", guide: "guides/first-week/", outdated: "guides/money-and-debts/",
  fallback: "guides/school-for-children/", map: "map/", search: "search/",
};

test("no accessibility violations on any kind of page in any language", async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  const problems = [];
  const urls = ["", "nowhere/"].concat(LANGS.flatMap((l) => Object.values(KINDS).map((k) => `${l}/${k}`)));
  for (const path of urls) {
    await page.goto(BASE + path);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    });
    for (const v of result) problems.push(`/${path}: ${v}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) problems.push(`/${path}: ${width}px wide, wider than the 360px phone`);
  }
  await browser.close();
  assert.deepStrictEqual(problems, []);
});

test("the axe check does find violations (a page made wrong on purpose)", async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  await page.setContent('<html><body><img src="x.png"><a href="#"></a></body></html>');
  await page.addScriptTag({ content: axeSource });
  // eslint-disable-next-line no-undef
  const ids = await page.evaluate(async () => (await axe.run()).violations.map((v) => v.id));
  await browser.close();
  for (const id of ["image-alt", "link-name", "html-has-lang"]) assert.ok(ids.includes(id), `${id} in ${ids}`);
});

test("keyboard: the skip link comes first and focus is visible", async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  for (const lang of ["nl", "ar"]) {
    await page.goto(`${BASE}${lang}/`);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        href: el.getAttribute("href"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: r.width > 0 && r.left >= 0 && r.right <= innerWidth,
      };
    });
    assert.strictEqual(focused.href, "#main", lang);
    assert.ok(focused.outline, `${lang}: focus outline`);
    assert.ok(focused.onScreen, `${lang}: the focused skip link is on screen`);
  }
  await browser.close();
});

test("screenshots at 360 × 740 in Dutch, Arabic and Tigrinya", { skip: !SHOTS }, async () => {
  const browser = await launch();
  const { page } = await phone(browser);
  for (const lang of ["nl", "ar", "ti"]) {
    for (const [kind, path] of Object.entries(KINDS)) {
      await page.goto(`${BASE}${lang}/${path}`);
      await page.screenshot({ path: `${SHOTS}/${lang}-${kind}.png` });
    }
  }
  await browser.close();
});
