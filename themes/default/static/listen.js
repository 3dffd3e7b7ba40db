// A guide aloud. With a recording: once it has been played, the offline worker keeps it on the
// phone (the last three played). Without one: a "read aloud" button that uses the phone's own
// voice, shown only when the phone has a voice for the language the text is in, so that Arabic
// is never read with an English voice. Without JavaScript or speech the button stays hidden.
(function () {
  "use strict";
  var audio = document.querySelector("audio[data-keep]");
  if (audio && "serviceWorker" in navigator) {
    audio.addEventListener("play", function () {
      var worker = navigator.serviceWorker.controller;
      if (worker && audio.currentSrc) worker.postMessage({ keep: audio.currentSrc });
    });
  }

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
    // A paragraph at a time: one long utterance is cut off by some voices.
    var parts = [];
    var blocks = article ? article.querySelectorAll("h1, .summary, .body p, .body li, .body h2, .body h3, .body td, .body th") : [];
    for (var i = 0; i < blocks.length; i++) {
      var text = blocks[i].textContent.replace(/\s+/g, " ").trim();
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
