/* coprod-content player core: pages, quiz, notes and saved state.
 *
 * Tracking goes through one adapter per target, set as window.coprodAdapter by
 * the script loaded before this one. Every method returns true when the
 * learning system accepted the call:
 *   init()                      -> {connected, ok, mastery|null}
 *   resume()                    -> {location, data}   strings, "" when none
 *   recordProgress(location, data, progress 0..1)
 *   recordAnswer({id, statement, answer, response, correct})
 *   setScoreStatus({finished, passed, raw, min, max, scaled, correct, total})
 *   commit()
 *   finish(result, exit)        -> called once: when the page goes away, or with exit true
 *                                  when the learner chose "Save and exit" (end the session so
 *                                  the system takes its window back; the adapter may leave
 *                                  the page itself, as cmi5 does for its returnURL)
 *   ready(start, report)        -> optional, for adapters that must reach their system
 *                                  before init() and resume() can answer: call start()
 *                                  once they can; later, report("on"|"pending"|"failed")
 *                                  says whether what the learner did has been saved
 * Without an adapter the module still works and says nothing is saved.
 *
 * Every word shown comes from window.coprodWords (words.js, the catalogue of the
 * module's language): t(key, {name: value}) fills its {name} placeholders.
 */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var $ = function (sel, root) { return (root || doc).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); };

  doc.documentElement.className = "js";

  var words = window.coprodWords;
  function t(key, values) {
    return words[key].replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }
  function plural(key, n) { return t(key + (n === 1 ? ".one" : ".other"), { count: n }); }

  var none = {
    init: function () { return { connected: false, ok: true, mastery: null }; },
    resume: function () { return { location: "", data: "" }; }
  };
  var adapter = window.coprodAdapter || none;
  var ended = false; /* the session is over: nothing more goes to the adapter */
  function call(name, args) {
    if (ended || !adapter[name]) return true;
    var ok = adapter[name].apply(adapter, args || []);
    if (!ok) failed();
    return ok;
  }

  var limit = Number(body.getAttribute("data-state-limit"));
  var quizKey = body.getAttribute("data-quiz-key");
  var mastery = Number(body.getAttribute("data-mastery"));
  var statusEl = $("#save-status");
  var exit = $("#exit");
  var finished = false; /* finish() was called */
  var saving = "off";

  function setStatus(kind) {
    if (saving === "failed" || (saving === "closed" && kind !== "failed")) return;
    saving = kind;
    statusEl.className = "save-status " + kind;
    statusEl.textContent = t("status." + kind);
  }
  function failed() { setStatus("failed"); }

  /* ---- pages ---- */
  var pages = $$(".page");
  var links = $$(".toc a");
  var pager = $(".pager");
  var prev = $("#prev");
  var next = $("#next");
  var position = $("#position");
  var toc = $(".toc");
  var toggle = $("#toc-toggle");
  var progress = $(".progress");
  var bar = $("#progress-bar");
  var current = 0;
  var visited = pages.map(function () { return false; });
  var title = doc.title;

  function pageTitle(i) { return $("h2", pages[i]).textContent; }

  /* The contents fold behind their button on narrow screens (CSS decides when): open
   * on the start page, folded elsewhere so the page asked for is what the learner sees. */
  function fold(open) {
    toggle.setAttribute("aria-expanded", String(open));
    toc.className = open ? "toc" : "toc folded";
  }
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    fold(toggle.getAttribute("aria-expanded") !== "true");
  });

  function showProgress() {
    var seen = visited.filter(Boolean).length;
    links.forEach(function (link, j) {
      if (visited[j] && !$(".seen", link)) {
        var mark = doc.createElement("span");
        mark.className = "sr seen";
        mark.textContent = t("visited");
        link.appendChild(mark);
        link.className = "seen";
      }
    });
    bar.value = seen;
    $("#progress-text").textContent = t("progress", { count: seen, total: pages.length });
  }

  /* Focus the heading and bring it into view: the top of the page when that shows the
   * whole heading, else the heading itself at the top of the viewport. */
  function reveal(heading) {
    heading.focus({ preventScroll: true });
    window.scrollTo({ top: 0, left: 0, behavior: "instant" });
    var box = heading.getBoundingClientRect();
    if (box.bottom > window.innerHeight) heading.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function show(i, focus) {
    current = i;
    visited[i] = true;
    pages.forEach(function (page, j) { page.hidden = j !== i; });
    links.forEach(function (link, j) {
      if (j === i) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    prev.hidden = i === 0;
    next.hidden = i === pages.length - 1;
    if (i > 0) prev.textContent = t("previous", { title: pageTitle(i - 1) });
    if (i < pages.length - 1) next.textContent = t("next", { title: pageTitle(i + 1) });
    position.textContent = t("position", { number: i + 1, total: pages.length });
    doc.title = t("title", { page: pageTitle(i), module: title });
    fold(i === 0);
    showProgress();
    if (focus) reveal($("h2", pages[i]));
  }
  function go(i) {
    show(i, true);
    save(false);
  }
  function indexOf(key) {
    for (var i = 0; i < pages.length; i++) if (pages[i].getAttribute("data-page") === key) return i;
    return -1;
  }
  links.forEach(function (link, i) {
    link.addEventListener("click", function (event) { event.preventDefault(); go(i); });
  });
  prev.addEventListener("click", function () { go(Math.max(current - 1, 0)); });
  next.addEventListener("click", function () { go(Math.min(current + 1, pages.length - 1)); });
  var startLink = $("#start");
  if (startLink) startLink.addEventListener("click", function (event) { event.preventDefault(); go(1); });
  $(".skip").addEventListener("click", function (event) {
    event.preventDefault();
    reveal($("h2", pages[current]));
  });
  pager.hidden = false;
  progress.hidden = false;

  /* ---- captions: each language by its name, in the module's language ---- */
  if (window.Intl && Intl.DisplayNames) {
    var languages = new Intl.DisplayNames([doc.documentElement.lang], { type: "language" });
    $$(".captions .lang").forEach(function (span) {
      try { span.textContent = languages.of(span.getAttribute("data-lang")); } catch (e) { /* keep the tag */ }
    });
  }

  /* ---- quiz ---- */
  var items = $$(".quiz .item");
  var answers = items.map(function () { return null; });
  var resultEl = $("#quiz-result");

  function result() {
    var correct = 0, answered = 0;
    items.forEach(function (item, i) {
      if (answers[i] === null) return;
      answered++;
      if (answers[i] === (item.getAttribute("data-answer") === "true")) correct++;
    });
    var total = items.length;
    var raw = Math.round((correct * 10000) / total) / 100;
    return {
      finished: answered === total, passed: correct * 100 >= mastery * total,
      answered: answered, correct: correct, total: total,
      raw: raw, min: 0, max: 100, scaled: Math.round(correct * 10000 / total) / 10000
    };
  }

  function showAnswer(i) {
    var item = items[i];
    var response = answers[i];
    var right = response === (item.getAttribute("data-answer") === "true");
    $$(".choices button", item).forEach(function (button) {
      var chosen = (button.value === "true") === response;
      button.setAttribute("aria-pressed", String(chosen));
      button.setAttribute("aria-disabled", "true");
      if (chosen) button.textContent = button.value === "true" ? "True (your answer)" : "False (your answer)";
    });
    item.className = "item answered " + (right ? "right" : "wrong");
    $(".verdict", item).textContent = right
      ? "Correct. The answer is " + (response ? "true." : "false.")
      : "Not quite. The answer is " + (response ? "false." : "true.");
    $(".explanation", item).hidden = false;
  }

  function showResult() {
    var r = result();
    if (!r.finished) { resultEl.textContent = ""; return; }
    resultEl.textContent = "You answered " + r.correct + " of " + r.total + " correctly (" +
      Math.round(r.raw) + "%). The pass mark is " + mastery + "%: " +
      (r.passed ? "you have passed." : "you have not passed this time.");
  }

  items.forEach(function (item, i) {
    $$(".choices button", item).forEach(function (button) {
      button.addEventListener("click", function () {
        if (answers[i] !== null) return;
        answers[i] = button.value === "true";
        showAnswer(i);
        showResult();
        var correct = answers[i] === (item.getAttribute("data-answer") === "true");
        call("recordAnswer", [{
          id: item.getAttribute("data-item"), statement: $(".statement", item).textContent,
          answer: item.getAttribute("data-answer") === "true", response: answers[i], correct: correct
        }]);
        save(false);
        call("setScoreStatus", [result()]);
        call("commit");
      });
    });
  });

  /* ---- notes ---- */
  var notes = $$("textarea[data-note]");
  function encode(value) {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function cost(text) { return encode(text).length - 2; }

  notes.forEach(function (box) {
    var budget = Number(box.getAttribute("maxlength"));
    var counter = $("#" + box.getAttribute("aria-describedby"));
    var timer = 0;
    function fit() { /* keep the longest start of the text that fits the budget */
      var text = box.value;
      if (cost(text) <= budget) return;
      var low = 0, high = Math.min(text.length, budget);
      while (low < high) {
        var mid = Math.ceil((low + high) / 2);
        if (cost(text.slice(0, mid)) <= budget) low = mid; else high = mid - 1;
      }
      text = text.slice(0, low);
      box.value = /[\ud800-\udbff]$/.test(text) ? text.slice(0, -1) : text;
    }
    function count() {
      var left = budget - cost(box.value);
      counter.textContent = plural("notes.left", left);
      counter.className = left < 50 ? "count low" : "count";
    }
    box.addEventListener("input", function () {
      fit();
      clearTimeout(timer);
      timer = setTimeout(function () { count(); save(false); }, 500);
    });
    box.addEventListener("change", function () { fit(); count(); save(true); });
    box.coprodCount = count;
  });

  /* ---- saved state ---- */
  function snapshot() {
    for (;;) {
      var state = { v: 1, k: quizKey, a: answers.map(function (a) { return a === null ? "-" : a ? "t" : "f"; }).join(""), n: {} };
      notes.forEach(function (box) { if (box.value) state.n[box.getAttribute("data-note")] = box.value; });
      var data = encode(state);
      /* Build-time budgets make this fit; should they not, shorten the longest note. */
      var longest = notes.reduce(function (a, b) { return !a || cost(b.value) > cost(a.value) ? b : a; }, null);
      if (data.length <= limit || !longest || !longest.value) return data;
      longest.value = longest.value.slice(0, -Math.max(1, data.length - limit));
    }
  }
  function save(commit) {
    var r = result();
    call("recordProgress", [pages[current].getAttribute("data-page"), snapshot(), r.answered / r.total]);
    if (commit) call("commit");
  }
  function restore(data) {
    var state;
    try { state = JSON.parse(data); } catch (e) { return; }
    if (!state || state.v !== 1) return;
    if (state.k === quizKey && typeof state.a === "string" && state.a.length === items.length) {
      state.a.split("").forEach(function (c, i) {
        if (c === "t" || c === "f") { answers[i] = c === "t"; showAnswer(i); }
      });
      showResult();
    }
    var saved = state.n || {};
    notes.forEach(function (box) {
      var text = saved[box.getAttribute("data-note")];
      if (typeof text === "string") box.value = text;
    });
  }

  /* ---- start ---- */
  var session = { connected: false };
  function start() {
    session = adapter.init();
    if (typeof session.mastery === "number" && session.mastery >= 0 && session.mastery <= 100) {
      mastery = session.mastery;
    }
    setStatus(session.connected ? (session.ok ? "on" : "failed") : "off");
    var resumed = adapter.resume();
    restore(resumed.data);
    notes.forEach(function (box) { box.coprodCount(); });
    var first = indexOf(resumed.location);
    show(first < 0 ? 0 : first, false);
    if (session.connected && session.ok) {
      call("setScoreStatus", [result()]);
      save(true);
      exit.parentNode.hidden = false;
    }
  }
  if (adapter.ready) {
    show(0, false);
    adapter.ready(start, setStatus);
  } else {
    start();
  }

  /* Save and exit: end the session now, as the learning system expects, and say what
   * happens next should the system not take its window back. */
  exit.addEventListener("click", function () {
    if (finished) return;
    finished = true;
    save(false);
    var ok = call("finish", [result(), true]);
    ended = true;
    exit.parentNode.hidden = true;
    if (ok) setStatus("closed");
    statusEl.focus();
  });
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && !finished) save(true);
  });
  window.addEventListener("pagehide", function () {
    if (finished) return;
    finished = true;
    save(false);
    call("finish", [result(), false]);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && finished && session.connected) failed();
  });
})();
