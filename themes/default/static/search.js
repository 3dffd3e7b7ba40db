// The search page: loads Pagefind's index for the page's language only when the reader
// searches. Without JavaScript the page lists every guide instead.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var all = document.getElementById("all-guides");
  var root = new URL(form.getAttribute("data-root"), location.href);
  var t = {};
  document.querySelectorAll("#search-strings [data-key]").forEach(function (el) {
    t[el.getAttribute("data-key")] = el.textContent;
  });
  var pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: only that is kept.
  function excerpt(html, into) {
    var decode = document.createElement("textarea");
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      decode.innerHTML = part;
      var text = document.createTextNode(decode.value);
      if (marked) { var m = document.createElement("mark"); m.appendChild(text); into.appendChild(m); }
      else into.appendChild(text);
      return marked;
    }, false);
  }

  var latest = 0;
  function search(query) {
    var mine = ++latest;
    query = query.trim();
    if (!query) { list.replaceChildren(); status.textContent = ""; all.hidden = false; return; }
    status.textContent = t.loading;
    load().then(function (pf) { return pf.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine !== latest) return;
      list.replaceChildren.apply(list, results.map(function (r) {
        var li = document.createElement("li"), a = document.createElement("a");
        var title = document.createElement("strong"), summary = document.createElement("span");
        a.href = new URL(r.url.replace(/^\//, ""), new URL(root.pathname, location.href)).href;
        title.textContent = r.meta.title;
        summary.className = "summary";
        excerpt(r.excerpt, summary);
        a.append(title, summary);
        li.appendChild(a);
        return li;
      }));
      status.textContent = results.length ? t.count.replace("{count}", results.length) : t.none;
      all.hidden = results.length > 0;
    }).catch(function () {
      if (mine === latest) status.textContent = t.failed;
    });
  }

  form.hidden = false;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
