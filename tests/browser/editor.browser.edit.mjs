// The browser editor of `wegwijs serve`, as a staff member uses it: a new service with opening
// hours through the form, seen in the preview; a wrong time refused at its field with the file
// unchanged; axe-core on the editor's pages.
import test from "node:test";
import assert from "node:assert";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { SHOTS, launch } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const EDITOR = process.env.WEGWIJS_EDITOR_URL; // http://127.0.0.1:PORT/
const SITE = process.env.WEGWIJS_EDITOR_SITE;

async function desk(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
}

test("a new service with opening hours, made in the form, is in the preview", async () => {
  const browser = await launch();
  const page = await desk(browser);
  await page.goto(EDITOR + "edit/");
  await page.getByRole("link", { name: "Politie – wijkagent Lindewaard" }).waitFor();
  assert.deepStrictEqual(await axe(page), [], "the editor's start page");

  await page.getByRole("button", { name: "New service" }).click();
  await page.locator('[name="root[id]"]').waitFor();
  await page.fill('[name="root[id]"]', "food-bank");
  await page.fill('[name="root[name][nl]"]', "Voedselbank Lindewaard");
  await page.fill('[name="root[name][ar]"]', "بنك الطعام");
  await page.selectOption('[name="root[category]"]', "money");
  // A choice of ids is shown by name, the id after it.
  assert.match(await page.locator('[name="root[category]"] option[value="money"]').textContent(), /^Geld.* \(money\)$/);
  await page.fill('[name="root[description][nl]"]', "Gratis boodschappen voor wie krap zit.");
  const fri = page.locator('[data-schemapath="root.opening_hours.fri"]');
  await fri.locator("button.json-editor-btn-add").first().click();
  await page.fill('[name="root[opening_hours][fri][0]"]', "13:00-16:00");
  assert.strictEqual(await page.getAttribute('[name="root[name][ar]"]', "dir"), "rtl");
  assert.deepStrictEqual(await axe(page), [], "the form of a new service");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText("Saved services/food-bank.yaml").waitFor();
  // What the save brings to look at, though it was written: the service has no contact yet.
  const toLook = page.locator("#problems");
  await toLook.getByText("Saved, with 1 thing to look at").waitFor();
  assert.match(await toLook.textContent(), /food-bank.*has no contact person/);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "editor-saved.png"), fullPage: true });

  const written = fs.readFileSync(path.join(SITE, "services/food-bank.yaml"), "utf8");
  assert.match(written, /^# yaml-language-server: \$schema=/);
  assert.match(written, /fri: \[13:00-16:00\]/);
  // The preview rebuilds after the save.
  let body = "";
  for (let i = 0; i < 120 && !body.includes("Voedselbank Lindewaard"); i++) {
    const r = await fetch(EDITOR + "nl/services/food-bank/");
    body = r.ok ? await r.text() : "";
    if (!body.includes("Voedselbank Lindewaard")) await new Promise((ok) => setTimeout(ok, 500));
  }
  assert.match(body, /Voedselbank Lindewaard/);
  assert.match(body, /13:00/);
  await browser.close();
});

test("a wrong time is refused at its field and the file stays as it was", async () => {
  const browser = await launch();
  const page = await desk(browser);
  const file = path.join(SITE, "services/police.yaml");
  const before = fs.readFileSync(file, "utf8");
  await page.goto(EDITOR + "edit/#services/police.yaml");
  const thu = page.locator('[data-schemapath="root.opening_hours.thu"]');
  await thu.locator("button.json-editor-btn-add").first().click();
  await page.fill('[name="root[opening_hours][thu][0]"]', "25:00-26:00");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const problem = page.locator('[data-schemapath="root.opening_hours.thu.0"] .problem');
  await problem.waitFor();
  assert.match(await problem.textContent(), /25:00-26:00/);
  assert.match(await page.locator("#status").textContent(), /not saved/);
  assert.strictEqual(fs.readFileSync(file, "utf8"), before, "nothing written");
  assert.deepStrictEqual(await axe(page), [], "the form with a problem shown");
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "editor-problem.png"), fullPage: true });

  // A service a contact names is not deleted; the contact's file is a click away.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.locator("#problems").getByText("1 problem: nothing was deleted").waitFor();
  assert.ok(fs.existsSync(file), "not deleted");
  // The form still holds the wrong time: leaving it asks first.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("link", { name: /youssef-benali\.yaml, line \d+, still names it/ }).click();
  await page.locator("#title", { hasText: "contacts/youssef-benali.yaml" }).waitFor();

  // A save from another page (no token, another origin) is refused.
  const r = await fetch(EDITOR + "edit/api/delete?path=services/police.yaml", {
    method: "POST",
    headers: { Origin: "http://evil.example", "Content-Type": "application/json" },
    body: "{}",
  });
  assert.strictEqual(r.status, 403);
  assert.ok(fs.existsSync(file));
  await browser.close();
});

test("a guide's text is edited beside its page as it will be, and saved", async () => {
  const browser = await launch();
  const page = await desk(browser);
  const file = path.join(SITE, "guides/first-week.nl.md");
  const before = fs.readFileSync(file, "utf8");
  await page.goto(EDITOR + "edit/#guides/first-week.nl.md");
  const body = page.locator("#guide-body");
  await body.waitFor();
  await page.waitForFunction(() => document.querySelector("#guide-body").value.length > 0);
  await body.press("End");
  await body.evaluate((t) => t.setSelectionRange(t.value.length, t.value.length));
  await body.type("\n\nVergeet uw **pasfoto** niet.\n");
  const frame = page.frameLocator("#guide-preview");
  await frame.locator("strong", { hasText: "pasfoto" }).waitFor({ timeout: 30000 });
  assert.strictEqual(fs.readFileSync(file, "utf8"), before, "typing writes nothing");
  assert.deepStrictEqual(await axe(page), [], "the guide's editor");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText("Saved guides/first-week.nl.md").waitFor();
  const after = fs.readFileSync(file, "utf8");
  assert.ok(after.endsWith("Vergeet uw **pasfoto** niet.\n"), after.slice(-200));
  // The front matter is as it was, byte for byte.
  assert.strictEqual(after.split("\n---\n")[0], before.split("\n---\n")[0]);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "editor-guide.png") });
  await browser.close();
});

test("a new guide is made in the editor: its id, then its form and text", async () => {
  const browser = await launch();
  const page = await desk(browser);
  await page.goto(EDITOR + "edit/");
  await page.getByRole("button", { name: "New guide" }).click();
  await page.locator("#title", { hasText: "New guide" }).waitFor();
  // An id that is taken is refused at its field.
  await page.fill('[name="root[id]"]', "first-week");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator('[data-schemapath="root.id"] .problem').waitFor();
  await page.fill('[name="root[id]"]', "food-help");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#title", { hasText: "guides/food-help.nl.md" }).waitFor();
  assert.ok(!fs.existsSync(path.join(SITE, "guides/food-help.nl.md")), "nothing written before the save");
  // The source file places the guide: its category is chosen, not ticked to be included.
  assert.strictEqual(await page.locator('[name="root[category]"]').isEnabled(), true);
  await page.fill('[name="root[title]"]', "Hulp bij eten");
  await page.fill('[name="root[summary]"]', "Waar u gratis eten krijgt.");
  await page.locator("#guide-body").fill("## Voedselbank\n\nVraag het [loket](service:municipal-desk).\n");
  const frame = page.frameLocator("#guide-preview");
  await frame.locator("h2", { hasText: "Voedselbank" }).waitFor({ timeout: 30000 });
  assert.deepStrictEqual(await axe(page), [], "a new guide's editor");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText("Saved guides/food-help.nl.md").waitFor();
  const written = fs.readFileSync(path.join(SITE, "guides/food-help.nl.md"), "utf8");
  assert.match(written, /^---\ntitle: Hulp bij eten\nsummary: Waar u gratis eten krijgt\.\ncategory: [a-z-]+\n---\n## Voedselbank/);
  // Now a guide of the site: in the list, and its translation's form has only what a
  // translation holds.
  await page.getByRole("link", { name: "Hulp bij eten" }).waitFor();
  await page.goto(EDITOR + "edit/#guides/food-help.en.md");
  await page.locator("#title", { hasText: "guides/food-help.en.md" }).waitFor();
  await page.locator('[name="root[title]"]').waitFor();
  assert.strictEqual(await page.locator('[name="root[category]"]').count(), 0);
  assert.strictEqual(await page.getByRole("button", { name: "Delete", exact: true }).isVisible(), false);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "editor-new-guide.png") });
  await browser.close();
});

test("a change to a translated text says which translations it made outdated, unless it is a small correction", async () => {
  const browser = await launch();
  const page = await desk(browser);
  await page.goto(EDITOR + "edit/#services/health-centre.yaml");
  const nl = page.locator('[name="root[description][nl]"]');
  await nl.waitFor();
  const text = await nl.inputValue();
  await nl.fill(text + " Bel bij voorkeur 's ochtends.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText("Saved services/health-centre.yaml").waitFor();
  const toLook = page.locator("#problems");
  await toLook.getByText(/Saved, with \d+ things? to look at/).waitFor();
  assert.match(await toLook.textContent(), /service\/health-centre\/description.*changed in nl/);

  // A typo corrected as a small correction: the translations stay as they were.
  await page.reload();
  await page.locator("#title", { hasText: "services/health-centre.yaml" }).waitFor();
  const name = page.locator('[name="root[name][nl]"]');
  await name.waitFor();
  await name.fill((await name.inputValue()) + ".");
  await page.getByLabel(/Only a small correction/).check();
  const ledger = path.join(SITE, "translations.yaml");
  const recorded = fs.readFileSync(ledger, "utf8");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText(/as a small correction/).waitFor();
  // The translations are recorded as made from the corrected text.
  assert.notStrictEqual(fs.readFileSync(ledger, "utf8"), recorded);
  assert.doesNotMatch(await toLook.textContent(), /health-centre\/name/);
  assert.strictEqual(await page.getByLabel(/Only a small correction/).isChecked(), false);

  // The English text changed in the same save as the Dutch is recorded as translated from it.
  const en = page.locator('[name="root[description][en]"]');
  await nl.fill((await nl.inputValue()) + " Of 's middags.");
  await en.fill((await en.inputValue()) + " Please call in the morning or the afternoon.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.locator("#status").getByText(/the en text\(s\) you changed are recorded as translated/).waitFor();

  // A form with changes not saved is not left without asking.
  await en.fill((await en.inputValue()) + " Thank you.");
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("link", { name: "Politie – wijkagent Lindewaard" }).click();
  await page.waitForTimeout(300);
  assert.match(await page.locator("#title").textContent(), /health-centre/);
  assert.match(await en.inputValue(), /Thank you\.$/);
  await browser.close();
});
