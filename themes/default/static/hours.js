// "Open now · closes 17:00" on a service page, worked out in the reader's browser from the
// opening hours in the page. Without this script the page still shows the hours table.
(function (root) {
  "use strict";
  var DAY = 1440, WEEK = 7 * DAY;

  // The week's opening periods in minutes since Monday 00:00. A period whose end is not after
  // its start runs past midnight into the next day.
  function periods(week) {
    var out = [];
    week.forEach(function (ranges, day) {
      ranges.forEach(function (r) {
        var s = day * DAY + r[0], e = day * DAY + r[1];
        if (r[1] <= r[0]) e += DAY;
        out.push([s, e]);
      });
    });
    // Last week's Sunday night can still be open on Monday morning.
    return out.concat(out.map(function (p) { return [p[0] - WEEK, p[1] - WEEK]; }),
                      out.map(function (p) { return [p[0] + WEEK, p[1] + WEEK]; }))
      .sort(function (a, b) { return a[0] - b[0]; });
  }

  function addDays(date, n) {
    var d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + n));
    return d.toISOString().slice(0, 10);
  }

  function hhmm(min) {
    min = ((min % DAY) + DAY) % DAY;
    return String(Math.floor(min / 60)).padStart(2, "0") + ":" + String(min % 60).padStart(2, "0");
  }

  // The status at `now` = {day: 0 (Monday) … 6, minute, date: "YYYY-MM-DD"} in the service's
  // time zone: {open: true, until} or {open: false, day: days from today, at} or null when it
  // does not open within a week.
  function status(data, now) {
    var t = now.day * DAY + now.minute;
    var closedOn = function (offset) { return data.closed.indexOf(addDays(now.date, offset)) >= 0; };
    var dayOf = function (m) { return Math.floor(m / DAY) - now.day; };
    var ps = periods(data.week).filter(function (p) { return !closedOn(dayOf(p[0])); });
    for (var i = 0; i < ps.length; i++) {
      if (ps[i][0] <= t && t < ps[i][1]) {
        var end = ps[i][1];
        // Back-to-back periods (12:00-13:00, 13:00-17:00; 22:00-24:00, 00:00-02:00) are one.
        for (var j = 0; j < ps.length; j++) {
          if (ps[j][0] <= end && ps[j][1] > end && ps[j][0] >= ps[i][0]) { end = ps[j][1]; j = -1; }
        }
        return { open: true, until: hhmm(end) };
      }
    }
    for (var k = 0; k < ps.length; k++) {
      if (ps[k][0] > t && ps[k][0] - t <= WEEK) {
        return { open: false, day: dayOf(ps[k][0]), weekday: Math.floor(ps[k][0] / DAY), at: hhmm(ps[k][0]) };
      }
    }
    return null;
  }

  function text(data, s) {
    var m = data.t;
    if (!s) return m.closed;
    if (s.open) return m.open.replace("{time}", s.until);
    var msg = s.day === 0 ? m.today : s.day === 1 ? m.tomorrow : m.on;
    var weekday = data.days[((s.weekday % 7) + 7) % 7];
    return msg.replace("{time}", s.at).replace("{day}", weekday);
  }

  // Now in `tz`, whatever time zone the phone is set to.
  function nowIn(tz) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    return {
      day: days.indexOf(parts.weekday),
      minute: +parts.hour * 60 + +parts.minute,
      date: parts.year + "-" + parts.month + "-" + parts.day
    };
  }

  if (typeof module === "object") {
    module.exports = { status: status, text: text };
    return;
  }
  var el = root.document.getElementById("hours-data");
  var out = root.document.getElementById("open-status");
  if (!el || !out) return;
  var data = JSON.parse(el.textContent);
  var show = function () {
    var s = status(data, nowIn(data.tz));
    out.textContent = text(data, s);
    out.className = "open-status " + (s && s.open ? "is-open" : "is-closed");
    out.hidden = false;
  };
  show();
  setInterval(show, 60000);
})(this);
