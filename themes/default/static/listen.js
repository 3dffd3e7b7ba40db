// A guide aloud. A recording needs nothing here: the offline worker keeps one once it has been
// played. Without a recording: a "read aloud" button that uses the phone's own voice, shown only
// when the phone has a voice for the language the text is in, so that Arabic is never read with
// an English voice. Without JavaScript or speech the button stays hidden.
(function () {
  "use strict";
  var button = document.querySelector("[data-read-aloud]");
  if (!button || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance !== "function") return;
  var speech = window.speechSynthesis;
  var article = document.querySelector("main article");
  // A guide not yet translated is shown in the source language, marked on the article.
  var lang = ((article && article.getAttribute("lang")) || document.documentElement.lang || "").toLowerCase();
  var base = lang.split("-")[0];
  var start = button.textContent;
  var voice = null;

  function find() {
    var voices = speech.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var l = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (l === lang || l.split("-")[0] === base) return voices[i];
    }
    return null;
  }
  function offer() {
    voice = find();
    button.parentElement.hidden = !voice;
  }
  offer();
  // Voices arrive after the page on many phones.
  if (typeof speech.addEventListener === "function") speech.addEventListener("voiceschanged", offer);
  else speech.onvoiceschanged = offer;

  function reset() { button.textContent = start; button.setAttribute("aria-pressed", "false"); }

  button.addEventListener("click", function () {
    if (speech.speaking || speech.pending) {
      speech.cancel();
      reset();
      return;
    }
    if (!voice) return;
    // A paragraph at a time (one long utterance is cut off by some voices), each block's own
    // words once: a list item's paragraphs and nested lists are read as blocks of their own.
    var BLOCK = "p, li, h1, h2, h3, h4, td, th, ul, ol, table, blockquote, pre";
    function own(el) {
      var text = "";
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 1 && n.matches(BLOCK)) continue;
        text += n.textContent;
      }
      return text.replace(/\s+/g, " ").trim();
    }
    var parts = [];
    var blocks = article ? article.querySelectorAll("h1, .summary, .body p, .body li, .body h2, .body h3, .body h4, .body td, .body th, .body pre") : [];
    for (var i = 0; i < blocks.length; i++) {
      var text = own(blocks[i]);
      if (text) parts.push(text);
    }
    parts.forEach(function (text, n) {
      var u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      if (n === parts.length - 1) { u.onend = reset; u.onerror = reset; }
      speech.speak(u);
    });
    button.textContent = button.getAttribute("data-stop");
    button.setAttribute("aria-pressed", "true");
  });
})();
