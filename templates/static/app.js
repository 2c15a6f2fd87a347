// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Controls that need this file (copy, print, answer keys) are hidden in the page until now;
  // shown first, so that nothing below can leave them hidden.
  var needed = document.querySelectorAll("[data-js]");
  for (var i = 0; i < needed.length; i++) { needed[i].hidden = false; }

  // Copies the text of a code block or textarea. Without the Clipboard API (plain http to a host
  // other than localhost) or when it refuses, selects the text and copies it the older way, or
  // leaves it selected for Ctrl+C.
  function copy(source, button) {
    var text = source.value !== undefined ? source.value : source.textContent;
    function say(label) {
      if (!button.hasAttribute("data-label")) { button.setAttribute("data-label", button.textContent); }
      button.textContent = label;
      clearTimeout(button.copyTimer);
      button.copyTimer = setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
    }
    function fallback() {
      select(source);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? "Copied" : "Press Ctrl+C");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say("Copied"); }, fallback);
    } else {
      fallback();
    }
  }

  function select(source) {
    if (source.select) { source.focus(); source.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(source);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (button) {
      copy(button.parentElement.querySelector("code"), button);
      return;
    }
    var target = event.target.closest("[data-copy-target]");
    if (target) {
      copy(document.getElementById(target.getAttribute("data-copy-target")), target);
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // A form is sent once, and only on purpose: the second click of a double click is ignored,
  // whether it lands on this page or, after the quick redirect of an answer, on the next question's
  // (the system counts it as click 2 there too), and so is a form sent again before its page is
  // left. Either would answer a question nobody read.
  document.addEventListener("click", function (event) {
    if (event.detail > 1 && event.target.closest("form button")) { event.preventDefault(); }
  }, true);
  // A sent form may be sent again once the page is back in the agent's hands: restored by the Back
  // button, after Esc stopped the request, or 10 s later (the browser's Stop button tells the page
  // nothing).
  var RESEND_AFTER_MS = 10000;
  document.addEventListener("submit", function (event) {
    if (event.target.method !== "post") { return; }
    var sent = Number(event.target.getAttribute("data-sent"));
    if (sent && Date.now() - sent < RESEND_AFTER_MS) { event.preventDefault(); return; }
    event.target.setAttribute("data-sent", String(Date.now()));
  });
  function resendable() {
    var sent = document.querySelectorAll("form[data-sent]");
    for (var i = 0; i < sent.length; i++) { sent[i].removeAttribute("data-sent"); }
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { resendable(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { resendable(); }
  });

  // Number keys answer the question: 1 is the first option. A key held down repeats: only its
  // first press answers.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    var button = document.querySelector('.answers button[data-key="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // Choosing "Other codes" moves focus to the code field; typing a code chooses "Other codes" and
  // decodes it live. Choosing the preset or "No code shown" empties the code fields: codes typed
  // win over the choice, so text left there would count in place of it.
  var other = document.getElementById("pair-other");
  var preset = document.getElementById("pair-common");
  if (other) {
    other.addEventListener("change", function () { document.getElementById("errorCode").focus(); });
  }
  var live = document.getElementById("decode-live");
  var hint = live ? live.textContent : "";
  var inputs = document.querySelectorAll("[data-decode]");
  var timer = null;
  var asked = 0;
  function clearCodes() {
    inputs.forEach(function (input) { input.value = ""; });
    ++asked;
    live.textContent = hint;
  }
  [preset, document.getElementById("pair-none")].forEach(function (choice) {
    if (choice) {
      choice.addEventListener("change", clearCodes);
      if (choice.checked) { clearCodes(); }
    }
  });
  function decode() {
    var code = document.getElementById("errorCode").value.trim();
    var extended = document.getElementById("extendedCode").value.trim();
    // Counting the asks lets an answer that arrives after a later edit, or after the field was
    // cleared, be dropped rather than shown over the current text.
    var ask = ++asked;
    if (!code) { live.textContent = hint; return; }
    var url = "/api/v1/decode?code=" + encodeURIComponent(code) + "&extended=" + encodeURIComponent(extended);
    fetch(url).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (result) {
        if (ask !== asked) { return; }
        if (!result.ok) { live.textContent = result.body.detail; return; }
        var text = result.body.error.shown + ": " + result.body.error.meaning;
        if (result.body.extended) { text += " — " + result.body.extended.shown + ": " + result.body.extended.meaning; }
        if (result.body.conflict) { text += " — " + result.body.conflict; }
        live.textContent = text;
      });
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", function () {
      // At once, not after the wait: a form sent within it would otherwise go with the preset.
      if (other && input.value.trim()) { other.checked = true; }
      clearTimeout(timer);
      timer = setTimeout(decode, 250);
    });
  });
})();

// A link to a cause or source opens its folded entry (/causes#credssp-oracle-mismatch).
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName.toLowerCase() === "details") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
