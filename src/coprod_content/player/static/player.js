/* coprod-content player core: pages, quiz, notes and saved state.
 *
 * Tracking goes through window.coprodAdapter, set by the script before this one.
 * Each method returns true when the learning system accepted the call:
 *  init() -> {connected, ok, mastery|null, passed}  passed: the system holds a pass
 *  resume() -> {location, data}  "" when none
 *  recordProgress(location, data, progress 0..1)
 *  recordAnswer({id, statement, response: [option ids], correct, attempt})
 *  setScoreStatus(r)  r: {finished, passed, raw, min, max, scaled, correct, total,
 *    attempt, last}: finished once an attempt is, passed once one passed (for good),
 *    the best attempt's score; last: {attempt, correct, total, scaled, passed} of the
 *    attempt just finished, else null
 *  commit()
 *  finish(r, exit)  once: when the page goes away, or with exit true when the learner
 *    chose "Save and exit" (end the session so the system takes its window back; the
 *    adapter may leave the page itself, as cmi5 does for its returnURL)
 *  ready(start, report)  optional: call start() once init() and resume() can answer;
 *    report("on"|"pending"|"failed") says whether the learner's work is saved
 * Without an adapter the module works and says nothing is saved. The quiz knows no
 * item kinds: options are inputs, data-answer names the correct ones; the saved
 * state is documented in player/state.py.
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
  function plural(key, n, values) { /* <key>.one for exactly 1, else <key>.other */
    var all = { count: n };
    Object.keys(values || {}).forEach(function (name) { all[name] = values[name]; });
    return t(key + (n === 1 ? ".one" : ".other"), all);
  }

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
  var legacyKey = body.getAttribute("data-quiz-key-v1");
  var pagesKey = body.getAttribute("data-pages-key");
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
  var quizEl = $(".quiz");
  var items = $$(".quiz .item");
  var total = items.length;
  var limited = !!quizEl && quizEl.hasAttribute("data-attempts");
  var cap = Number(body.getAttribute("data-attempt-cap"));
  var resultsEl = $(".quiz .results");
  var attemptEl = $("#quiz--attempt");
  var chosen = []; /* per item: the option ids checked, or null */
  var quiz = { attempt: 1, best: -1, passed: false };

  function inputs(i) { return $$("input", items[i]); }
  function answer(i) { return items[i].getAttribute("data-answer").split(" "); }
  function has(list, x) { return list.indexOf(x) >= 0; }
  function isRight(i) {
    var want = answer(i), got = chosen[i];
    return !!got && got.length === want.length && got.every(function (x) { return has(want, x); });
  }
  function count(test) { return items.filter(function (item, i) { return test(i); }).length; }
  function right() { return count(isRight); }
  function answered() { return count(function (i) { return chosen[i] !== null; }); }
  /* The pass mark in ten-thousandths, the unit scores are reported in (scaled 0.5500):
   * an LMS's fraction times 100 may carry binary noise (0.55 * 100 is 55.000000000000007)
   * and a finer mark is rounded up, so the verdict always agrees with the score sent. */
  function mark() { return Math.ceil(mastery * 100 - 1e-6); }
  function passes(n) { return Math.round(n * 10000 / total) >= mark(); }
  function pct(n) { return Math.round(n * 10000 / total) / 100; }
  function scaled(n) { return Math.round(n * 10000 / total) / 10000; }
  function texts(i, ids) {
    return inputs(i).filter(function (x) { return has(ids, x.value); }).map(function (x) {
      return $("span", x.parentNode).textContent;
    });
  }
  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    node.className = cls;
    node.textContent = text || "";
    return node;
  }
  function adopt(to, from) { /* copies of the page's own nodes, never markup from strings */
    Array.prototype.forEach.call(from.childNodes, function (n) { to.appendChild(n.cloneNode(true)); });
    return to;
  }
  function clear() { chosen = items.map(function () { return null; }); }
  clear();

  function result(last) {
    var best = Math.max(quiz.best, 0);
    return {
      finished: quiz.best >= 0, passed: quiz.passed, correct: best, total: total,
      raw: pct(best), min: 0, max: 100, scaled: scaled(best), attempt: quiz.attempt, last: last || null
    };
  }
  function of() { return t(limited ? "quiz.number.of" : "quiz.number", { attempt: quiz.attempt, cap: cap }); }

  function showAnswer(i) {
    var item = items[i], ok = isRight(i), region = $(".feedback", item);
    region.textContent = "";
    var want = texts(i, answer(i));
    region.appendChild(el("p", "verdict", plural(ok ? "quiz.right" : "quiz.wrong", want.length, { answers: want.join("; ") })));
    inputs(i).forEach(function (x) {
      var note = $(".choice-feedback", x.parentNode);
      x.checked = has(chosen[i], x.value);
      x.disabled = true;
      x.parentNode.className = "choice" + (has(answer(i), x.value) ? " correct" : "") + (x.checked ? " chosen" : "");
      if (x.checked) $("span", x.parentNode).insertAdjacentElement("afterend", el("span", "mine", " " + t("quiz.mine")));
      if (x.checked && note) region.appendChild(adopt(el("p", "about", t("quiz.about", { choice: texts(i, [x.value])[0] }) + " "), note));
    });
    region.appendChild(adopt(el("div", "explanation"), $(".explanation", item)));
    $(".check", item).hidden = true;
    item.className = "item answered " + (ok ? "right" : "wrong");
  }

  function showAttempt() {
    attemptEl.hidden = !limited && quiz.attempt === 1;
    attemptEl.textContent = t(quiz.attempt > 1 ? "quiz.attempt.again" : "quiz.attempt", { number: of() });
  }

  function showResults(focus) {
    var n = right(), heading = $("h3", resultsEl), review = $(".review", resultsEl), more = quiz.attempt < cap;
    heading.textContent = t("quiz.results.of", { number: of() });
    $(".summary", resultsEl).textContent = [
      t(passes(n) ? "quiz.passed" : "quiz.failed", { correct: n, total: total, percent: Math.round(pct(n)), mastery: mark() / 100 })
    ].concat(
      quiz.best > n ? [t("quiz.best", { percent: Math.round(pct(quiz.best)) })] : [],
      quiz.passed && !passes(n) ? [t("quiz.stands")] : []
    ).join(" ");
    review.textContent = "";
    items.forEach(function (item, i) {
      var li = el("li", isRight(i) ? "right" : "wrong"); /* the item's own feedback follows */
      li.appendChild(adopt(el("p", "statement"), $("legend", item)));
      li.appendChild(el("p", "yours", t("quiz.yours", { answer: texts(i, chosen[i]).join("; ") })));
      review.appendChild(adopt(li, $(".feedback", item)));
    });
    $(".retry", resultsEl).hidden = !more;
    $(".used", resultsEl).textContent = more ? "" : plural("quiz.used", cap);
    $(".items", quizEl).hidden = attemptEl.hidden = true;
    resultsEl.hidden = false;
    if (focus) heading.focus();
  }

  function report(last) {
    save(false);
    call("setScoreStatus", [result(last)]);
    call("commit");
  }

  items.forEach(function (item, i) {
    var check = $(".check", item);
    check.hidden = false;
    check.addEventListener("click", function () {
      var picked = inputs(i).filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      if (chosen[i] !== null) return;
      if (!picked.length) { $(".feedback", item).textContent = t("quiz.choose"); return; }
      chosen[i] = picked;
      showAnswer(i);
      call("recordAnswer", [{
        id: item.getAttribute("data-item"), statement: $("legend", item).textContent,
        response: picked, correct: isRight(i), attempt: quiz.attempt
      }]);
      if (answered() < total) { report(); return; }
      var n = right(), last = { attempt: quiz.attempt, correct: n, total: total, scaled: scaled(n), passed: passes(n) };
      quiz.best = Math.max(quiz.best, n);
      quiz.passed = quiz.passed || last.passed;
      report(last);
      showResults(true);
    });
  });
  if (resultsEl) $(".retry", resultsEl).addEventListener("click", function () {
    if (quiz.attempt >= cap) return;
    quiz.attempt++;
    clear();
    items.forEach(function (item, i) {
      inputs(i).forEach(function (x) { x.checked = x.disabled = false; x.parentNode.className = "choice"; });
      $$(".mine", item).forEach(function (mark) { mark.parentNode.removeChild(mark); });
      $(".check", item).hidden = false;
      $(".feedback", item).textContent = "";
      item.className = "item";
    });
    resultsEl.hidden = true;
    $(".items", quizEl).hidden = false;
    showAttempt();
    attemptEl.focus();
    report();
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

  /* ---- saved state (format 2 with pages visited, see player/state.py) ---- */
  function pad(c, i) { return new Array(Math.ceil(inputs(i).length / 4) + 1).join(c); } /* 4 options a digit */
  function response(i) { /* a hex bitmask of the options checked, or "-" per digit */
    if (chosen[i] === null) return pad("-", i);
    var mask = 0;
    inputs(i).forEach(function (x, n) { if (has(chosen[i], x.value)) mask += 1 << n; });
    return (pad("0", i) + mask.toString(16)).slice(-pad("0", i).length);
  }
  function decode(r) { /* option ids per item, or null when r does not fit this quiz */
    var at = 0, out = [];
    for (var i = 0; i < total; i++) {
      var digits = r.slice(at, at += pad("0", i).length), boxes = inputs(i);
      var mask = /^[0-9a-f]+$/.test(digits) ? parseInt(digits, 16) : 0;
      if (digits === pad("-", i)) { out.push(null); continue; }
      if (!mask || mask >= 1 << boxes.length) return null;
      out.push(boxes.filter(function (x, n) { return mask & (1 << n); }).map(function (x) { return x.value; }));
    }
    return at === r.length ? out : null;
  }
  function seen() { /* four pages a hex digit, page 4j + b as bit b of digit j */
    var digits = "";
    for (var j = 0; j < pages.length; j += 4) {
      var d = 0;
      for (var b = 0; b < 4 && j + b < pages.length; b++) if (visited[j + b]) d += 1 << b;
      digits += d.toString(16);
    }
    return digits;
  }
  function unseen(digits) { /* the pages visited, or null when digits do not fit these pages */
    if (typeof digits !== "string" || !/^[0-9a-f]*$/.test(digits) || digits.length !== Math.ceil(pages.length / 4)) return null;
    var out = pages.map(function (page, i) { return !!(parseInt(digits.charAt(i >> 2), 16) & (1 << (i & 3))); });
    return parseInt(digits.slice(-1) || "0", 16) >> (pages.length - 4 * (digits.length - 1)) ? null : out;
  }
  function whole(x, top) { return typeof x === "number" && x % 1 === 0 && x >= 0 && x <= top; }
  function snapshot() {
    for (;;) {
      var state = { v: 2, k: quizKey, t: quiz.attempt, r: items.map(function (x, i) { return response(i); }).join("") };
      if (quiz.best >= 0) state.b = quiz.best;
      state.p = quiz.passed ? 1 : 0;
      state.g = pagesKey;
      state.s = seen();
      state.n = {};
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
    call("recordProgress", [pages[current].getAttribute("data-page"), snapshot(), r.finished ? 1 : answered() / total]);
    if (commit) call("commit");
  }
  function restore(data) {
    var state, found = null;
    try { state = JSON.parse(data); } catch (e) { return; }
    if (!state || (state.v !== 1 && state.v !== 2)) return;
    quiz.passed = state.p === 1;
    if (state.v === 2 && state.k === quizKey && typeof state.r === "string") found = decode(state.r);
    if (found && whole(state.t, 1e9) && state.t > 0) quiz.attempt = Math.min(state.t, cap);
    if (found && whole(state.b, total)) quiz.best = state.b;
    if (state.v === 1 && state.k && state.k === legacyKey && typeof state.a === "string" && state.a.length === total) {
      found = state.a.split("").map(function (c) { return c === "t" ? ["true"] : c === "f" ? ["false"] : null; });
    }
    if (found) {
      chosen = found;
      chosen.forEach(function (c, i) { if (c) showAnswer(i); });
      if (answered() === total) {
        quiz.best = Math.max(quiz.best, right());
        quiz.passed = quiz.passed || passes(right());
      }
    }
    var been = state.g === pagesKey ? unseen(state.s) : null;
    if (been) visited = visited.map(function (v, i) { return v || been[i]; });
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
    quiz.passed = quiz.passed || session.passed === true;
    if (answered() === total) showResults(false); else showAttempt();
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
