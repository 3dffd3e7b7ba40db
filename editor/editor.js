// The browser editor of `wegwijs serve`: lists of the site's services and contacts, a form
// for each (JSON Editor, from the site's own schema), saving through wegwijs, which checks
// every save as `build` does and writes only a site without errors. Problems are shown at
// their fields.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="wegwijs-token"]').content;
  var form = document.getElementById("form");
  var title = document.getElementById("title");
  var status = document.getElementById("status");
  var problems = document.getElementById("problems");
  var actions = document.getElementById("actions");
  var editor = null;
  var current = null; // {path} of an existing file, or {kind} of a new one
  var today = null; // the day on the computer running wegwijs, for "still correct"
  var pending = null; // a message to show once the next file has opened
  var dirty = false; // whether the person typed or chose in the open form since it opened or saved
  var ignoreHash = false; // a hash put back after "stay here"

  function api(method, url, body) {
    var init = { method: method, headers: { "X-Wegwijs-Token": token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init)
      .then(function (r) {
        return r.json().then(function (data) {
          return { ok: r.ok, status: r.status, data: data };
        });
      })
      .catch(function () {
        // wegwijs serve stopped, or its answer was not the editor's.
        return {
          ok: false,
          status: 0,
          data: {
            message: "wegwijs serve is not answering: start it again in its window (wegwijs serve), " +
              "then save again. What you typed is still in the form.",
          },
        };
      });
  }

  // `text` into `el`, with what stands between backticks (a value, a field) as code.
  function words(el, text) {
    String(text).split("`").forEach(function (part, i) {
      if (i % 2) {
        var code = document.createElement("code");
        code.textContent = part;
        el.appendChild(code);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
    return el;
  }

  function say(text, kind) {
    status.textContent = "";
    words(status, text);
    status.className = kind || "";
    // The same words beside the Save button, where a long form's reader is.
    var note = document.getElementById("note");
    note.textContent = "";
    words(note, text);
    note.className = kind || "";
  }

  // Typing and choosing send `input` events (the form library sends its own `change` events
  // as it settles, which are not the person's).
  function typed(e) {
    if (e.isTrusted) dirty = true;
  }
  form.addEventListener("input", typed);
  // Adding, deleting or moving an item with the form's buttons is a change too.
  form.addEventListener("click", function (e) {
    if (e.isTrusted && e.target.closest("button")) dirty = true;
  });

  function unsaved() {
    return dirty;
  }

  // Whether the person agrees to leave a form with changes not saved.
  function mayLeave() {
    return !unsaved() || window.confirm("Your changes in this form are not saved. Leave them anyway?");
  }

  function clearProblems() {
    problems.innerHTML = "";
    Array.prototype.forEach.call(form.querySelectorAll(".problem"), function (p) { p.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".has-problem"), function (p) {
      p.classList.remove("has-problem");
    });
  }

  // Each problem at its field (the deepest part of its path the form has), and in a list on top.
  function showProblems(list, outcome) {
    clearProblems();
    if (!list.length) return;
    var heading = document.createElement("h2");
    outcome = outcome || "nothing was saved";
    heading.textContent = (list.length === 1 ? "1 problem: " : list.length + " problems: ") + outcome;
    problems.appendChild(heading);
    var ul = document.createElement("ul");
    problems.appendChild(ul);
    list.forEach(function (p, i) {
      var field = null;
      for (var n = p.path.length; n >= 0 && !field; n--) {
        var at = ["root"].concat(p.path.slice(0, n)).join(".");
        field = document.querySelector('[data-schemapath="' + at.replace(/"/g, '\\"') + '"]');
      }
      var id = "problem-" + i;
      var li = document.createElement("li");
      var where = p.file ? " (" + p.file + (p.line ? ", line " + p.line : "") + ")" : "";
      if (p.open) {
        // A file that still names what was to be deleted: open it to change it.
        var link = document.createElement("a");
        link.href = "#" + p.open;
        words(link, p.message);
        li.appendChild(link);
        if (p.help) li.appendChild(words(document.createElement("span"), ": " + p.help));
      } else if (field) {
        var a = document.createElement("a");
        a.href = "#" + id;
        words(a, p.message);
        a.addEventListener("click", function (e) {
          e.preventDefault();
          var input = field.querySelector("input, select, textarea");
          (input || field).focus();
        });
        li.appendChild(a);
        li.appendChild(document.createTextNode(where));
        var note = document.createElement("p");
        note.className = "problem";
        note.id = id;
        note.setAttribute("role", "alert");
        words(note, p.message);
        if (p.help) {
          var help = document.createElement("span");
          help.className = "help";
          words(help, p.help);
          note.appendChild(help);
        }
        field.classList.add("has-problem");
        var input = field.querySelector("input, select, textarea");
        if (input) input.setAttribute("aria-describedby", id);
        field.appendChild(note);
      } else {
        words(li, p.message + where + (p.help ? ": " + p.help : ""));
      }
      ul.appendChild(li);
    });
    problems.focus();
  }

  // What a save that was written brings to look at (not errors: the file is saved), each
  // with where it is and what to do.
  function showWarnings(list) {
    if (!list || !list.length) return;
    var heading = document.createElement("h2");
    heading.className = "saved";
    heading.textContent = list.length === 1 ? "Saved, with 1 thing to look at" : "Saved, with " + list.length + " things to look at";
    problems.appendChild(heading);
    var ul = document.createElement("ul");
    ul.className = "warnings";
    list.forEach(function (w) {
      var li = document.createElement("li");
      var where = w.file ? " (" + w.file + (w.line ? ", line " + w.line : "") + ")" : "";
      words(li, w.message + where + (w.help ? ": " + w.help : ""));
      ul.appendChild(li);
    });
    problems.appendChild(ul);
  }

  var guide = document.getElementById("guide");
  var guideBody = document.getElementById("guide-body");
  var preview = document.getElementById("guide-preview");
  var previewTimer = null;

  // Shows the guide's page as it would be, a moment after the typing stops.
  function schedulePreview() {
    if (!current || !current.guide) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      var url = "/edit/api/preview?path=" + encodeURIComponent(current.path);
      api("POST", url, { value: editor.getValue(), body: guideBody.value }).then(function (r) {
        if (r.ok) preview.srcdoc = r.data.html;
        else preview.srcdoc = notice(r.data.message, r.data.problems_text || []);
      });
    }, 700);
  }
  guideBody.addEventListener("input", schedulePreview);
  guideBody.addEventListener("input", typed);

  // What the preview pane says while the page cannot be made, as a page of its own.
  function notice(message, list) {
    var doc = document.implementation.createHTMLDocument("");
    doc.documentElement.lang = "en";
    var p = doc.createElement("p");
    p.textContent = "The page shows here once this is put right: " + message + ".";
    doc.body.appendChild(p);
    var ul = doc.createElement("ul");
    list.forEach(function (t) {
      var li = doc.createElement("li");
      li.textContent = t;
      ul.appendChild(li);
    });
    doc.body.appendChild(ul);
    doc.body.style.font = "16px/1.4 system-ui, sans-serif";
    return "<!doctype html>" + doc.documentElement.outerHTML;
  }

  function showGuide(data) {
    guide.hidden = false;
    guideBody.value = data.body;
    guideBody.setAttribute("lang", data.lang);
    guideBody.setAttribute("dir", data.dir);
    var langs = document.getElementById("guide-languages");
    langs.innerHTML = "";
    langs.appendChild(document.createTextNode("Languages: "));
    data.languages.forEach(function (l) {
      var a = document.createElement("a");
      a.href = "#" + l.path;
      a.textContent = l.lang + (l.exists ? "" : " (new)");
      if (l.path === data.path) a.setAttribute("aria-current", "page");
      langs.appendChild(a);
    });
    editor.on("change", schedulePreview);
    schedulePreview();
  }

  function open(schema, value, heading) {
    guide.hidden = true;
    document.getElementById("intro").hidden = true;
    window.scrollTo(0, 0);
    dirty = false;
    if (editor) editor.destroy();
    clearProblems();
    say(pending ? pending.text : "", pending ? pending.kind : "");
    if (pending) showWarnings(pending.warnings);
    pending = null;
    title.textContent = heading;
    editor = new window.JSONEditor(form, {
      schema: schema,
      startval: value,
      theme: "html",
      iconlib: null,
      disable_edit_json: true,
      disable_properties: true,
      disable_collapse: true,
      disable_array_reorder: false,
      disable_array_delete_last_row: true,
      disable_array_delete_all_rows: true,
      prompt_before_delete: false,
      no_additional_properties: true,
      remove_empty_properties: false,
      show_opt_in: true,
      show_errors: "never",
      compact: false,
    });
    actions.hidden = false;
    document.getElementById("delete").hidden = !written() || current.path === "site.yaml";
    document.getElementById("still-correct").hidden = !written() || current.path === "site.yaml";
    document.getElementById("minor-choice").hidden = !written();
    document.getElementById("minor").checked = false;
  }

  // Whether the open form is of a file that is there (not a new one, not a guide's language
  // still to write).
  function written() {
    return Boolean(current && current.path && current.exists !== false);
  }

  function openFile(path) {
    current = { path: path };
    markCurrent(path);
    var asked = current;
    api("GET", "/edit/api/file?path=" + encodeURIComponent(path)).then(function (r) {
      // Another file was chosen while this one was on its way.
      if (current !== asked) return;
      if (!r.ok) return say(r.data.message || "The file cannot be opened.", "bad");
      current.guide = typeof r.data.body === "string";
      // A guide's language not written yet has nothing to delete or confirm.
      current.exists = r.data.exists !== false;
      open(r.data.schema, r.data.value, r.data.title);
      if (current.guide) showGuide(r.data);
    });
  }

  function openNew(kind) {
    if (!mayLeave()) return;
    current = { kind: kind };
    markCurrent(null);
    var asked = current;
    api("GET", "/edit/api/schema?kind=" + kind).then(function (r) {
      if (current !== asked) return;
      if (!r.ok) return say(r.data.message, "bad");
      open(r.data.schema, r.data.value, r.data.title);
    });
  }

  function save() {
    var value = editor.getValue();
    var url = current.path
      ? "/edit/api/file?path=" + encodeURIComponent(current.path)
      : "/edit/api/new?kind=" + current.kind;
    say("Checking…");
    var sent = current.guide ? { value: value, body: guideBody.value } : { value: value };
    var minor = document.getElementById("minor");
    if (written() && minor.checked) sent.minor = true;
    api("POST", url, sent).then(function (r) {
      if (r.ok) {
        clearProblems();
        minor.checked = false;
        dirty = false;
        say(r.data.message, "ok");
        showWarnings(r.data.warnings);
        if (current.path && current.exists !== false) loadLists();
        if (!current.path || current.exists === false) {
          pending = { text: r.data.message, kind: "ok", warnings: r.data.warnings };
          loadLists().then(function () {
            if (location.hash === "#" + r.data.path) route();
            else location.hash = r.data.path;
          });
        }
      } else {
        say(r.data.message, "bad");
        showProblems(r.data.problems || []);
      }
    });
  }

  function remove() {
    if (!current.path || !window.confirm("Delete " + current.path + "?")) return;
    api("POST", "/edit/api/delete?path=" + encodeURIComponent(current.path), {}).then(function (r) {
      if (r.ok) {
        say(r.data.message, "ok");
        showWarnings(r.data.warnings);
        if (editor) editor.destroy();
        editor = null;
        actions.hidden = true;
        title.textContent = "";
        location.hash = "";
        loadLists();
      } else {
        say(r.data.message, "bad");
        showProblems(r.data.problems || [], "nothing was deleted");
      }
    });
  }

  function markCurrent(path) {
    Array.prototype.forEach.call(document.querySelectorAll("nav a"), function (a) {
      if (a.getAttribute("href") === "#" + path) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  function loadLists() {
    return api("GET", "/edit/api/files").then(function (r) {
      if (!r.ok) return say(r.data.message, "bad");
      ["services", "contacts", "guides"].forEach(function (kind) {
        var ul = document.getElementById(kind);
        ul.innerHTML = "";
        r.data[kind].forEach(function (f) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "#" + f.path;
          a.textContent = f.name || f.path;
          li.appendChild(a);
          ul.appendChild(li);
        });
      });
      today = r.data.today;
      // The examples of links in "How to write the text" name this site's own ids.
      ["services", "contacts", "guides"].forEach(function (kind) {
        var first = r.data[kind][0];
        Array.prototype.forEach.call(document.querySelectorAll('[data-example="' + kind + '"]'), function (el) {
          if (first) el.textContent = first.id;
        });
      });
      var overdue = document.getElementById("overdue");
      overdue.innerHTML = "";
      (r.data.overdue || []).forEach(function (o) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + o.path;
        a.textContent = o.what + " (" + o.since + ")";
        li.appendChild(a);
        overdue.appendChild(li);
      });
      document.getElementById("overdue-section").hidden = !(r.data.overdue || []).length;
      if (current && current.path) markCurrent(current.path);
    });
  }

  function route() {
    if (ignoreHash) {
      ignoreHash = false;
      return;
    }
    var path = decodeURIComponent(location.hash.slice(1));
    // Only an address that names a file opens one (the first load's own call may come after
    // the person has started a new form).
    if (!(/^(services|contacts)\/[a-z0-9-]+\.yaml$/.test(path) || path === "site.yaml" ||
        /^guides\/[a-z0-9-]+\.[A-Za-z0-9-]+\.md$/.test(path))) return;
    if (current && current.path !== path && !mayLeave()) {
      ignoreHash = true;
      location.hash = current.path || "";
      return;
    }
    openFile(path);
  }

  // Confirms that what the file says is still correct: today's date in `reviewed`, saved.
  function stillCorrect() {
    var field = editor && editor.getEditor("root.reviewed");
    if (!field || !today) return;
    field.setValue(today);
    save();
  }

  document.getElementById("save").addEventListener("click", save);
  document.getElementById("still-correct").addEventListener("click", stillCorrect);
  document.getElementById("delete").addEventListener("click", remove);
  document.getElementById("new-service").addEventListener("click", function () { openNew("service"); });
  document.getElementById("new-contact").addEventListener("click", function () { openNew("contact"); });
  document.getElementById("new-guide").addEventListener("click", function () { openNew("guide"); });
  window.addEventListener("hashchange", route);
  window.addEventListener("beforeunload", function (e) {
    if (unsaved()) e.preventDefault();
  });
  loadLists().then(route);
})();
