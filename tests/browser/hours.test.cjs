// The "open now" logic of themes/default/static/hours.js, run by `node --test`.
const test = require("node:test");
const assert = require("node:assert");
const { status, text } = require("../../themes/default/static/hours.js");

const H = (h, m = 0) => h * 60 + m;
const weekdays = (ranges) => [ranges, ranges, ranges, ranges, ranges, [], []];
const data = (week, closed = []) => ({
  week, closed, tz: "Europe/Amsterdam",
  days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  t: { open: "open until {time}", today: "opens today {time}", tomorrow: "opens tomorrow {time}",
       on: "opens {day} {time}", closed: "closed" },
});
// 2026-11-23 is a Monday.
const at = (day, h, m = 0) => ({ day, minute: H(h, m), date: `2026-11-${String(23 + day).padStart(2, "0")}` });

test("open during office hours, closing time given", () => {
  const d = data(weekdays([[H(9), H(17)]]));
  assert.strictEqual(text(d, status(d, at(0, 10))), "open until 17:00");
});

test("before opening, after closing, over the weekend", () => {
  const d = data(weekdays([[H(9), H(17)]]));
  assert.strictEqual(text(d, status(d, at(0, 7, 30))), "opens today 09:00");
  assert.strictEqual(text(d, status(d, at(0, 17))), "opens tomorrow 09:00");
  assert.strictEqual(text(d, status(d, at(4, 18))), "opens Monday 09:00");
  assert.strictEqual(text(d, status(d, at(6, 23, 59))), "opens tomorrow 09:00");
});

test("a lunch break, and periods back to back", () => {
  const lunch = data(weekdays([[H(9), H(12)], [H(13), H(17)]]));
  assert.strictEqual(text(lunch, status(lunch, at(1, 12, 30))), "opens today 13:00");
  assert.strictEqual(text(lunch, status(lunch, at(1, 11))), "open until 12:00");
  const joined = data(weekdays([[H(9), H(12)], [H(12), H(17)]]));
  assert.strictEqual(text(joined, status(joined, at(1, 11))), "open until 17:00");
});

test("across midnight", () => {
  // Friday 20:00 to 02:00 (the end before the start runs into Saturday).
  const night = data([[], [], [], [], [[H(20), H(2)]], [], []]);
  assert.strictEqual(text(night, status(night, at(4, 23))), "open until 02:00");
  assert.strictEqual(text(night, status(night, at(5, 1, 30))), "open until 02:00");
  assert.strictEqual(text(night, status(night, at(5, 2))), "opens Friday 20:00");
  // Sunday night into Monday morning: open on Monday at 01:00 from last week's Sunday.
  const sunday = data([[], [], [], [], [], [], [[H(22), H(3)]]]);
  assert.strictEqual(text(sunday, status(sunday, at(0, 1))), "open until 03:00");
  // Until 24:00 then from 00:00: one period.
  const late = data([[[H(18), H(24)]], [[H(0), H(2)]], [], [], [], [], []]);
  assert.strictEqual(text(late, status(late, at(0, 23))), "open until 02:00");
});

test("closed dates and a week without opening", () => {
  const d = data(weekdays([[H(9), H(17)]]), ["2026-11-23", "2026-11-24"]);
  assert.strictEqual(text(d, status(d, at(0, 10))), "opens Wednesday 09:00");
  const never = data([[], [], [], [], [], [], []]);
  assert.strictEqual(text(never, status(never, at(0, 10))), "closed");
});
