/* coprod-content player core: pages, quiz, notes and saved state.
 *
 * Tracking goes through one adapter per target, set as window.coprodAdapter by
 * the script loaded before this one. Every method returns true when the
 * learning system accepted the call:
 *   init()                      -> {connected, ok, mastery|null, passed?}
 *                                  passed: the system already records a pass
 *   resume()                    -> {location, data}   strings, "" when none
 *   recordProgress(location, data, progress 0..1)
 *   recordAnswer({id, statement, response, correct, attempt})
 *                                  response: the ids of the options checked, in order
 *   setScoreStatus(result)      -> result: {finished, passed, raw, min, max, scaled,
 *                                  correct, total, attempt, last}: finished once an
 *                                  attempt is; passed once one passed (never taken back);
 *                                  raw/scaled/correct are the best attempt's; last is
 *                                  {attempt, correct, total, scaled, passed} of the attempt
 *                                  just finished, null on every other call
 *   commit()
 *   finish(result)              -> called once, when the page goes away
 *   ready(start, report)        -> optional, for adapters that must reach their system
 *                                  before init() and resume() can answer: call start()
 *                                  once they can; later, report("on"|"pending"|"failed")
 *                                  says whether what the learner did has been saved
 * Without an adapter the module still works and says nothing is saved.
 *
 * The quiz knows no item kinds: each item's options are inputs (radio or checkbox),
 * data-answer lists the correct options' ids, data-width the digits of its saved
 * response. The saved state is documented once, in player/state.py.
 */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  var $ = function (sel, root) { return (root || doc).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); };

  doc.documentElement.className = "js";

  var none = {
    init: function () { return { connected: false, ok: true, mastery: null }; },
    resume: function () { return { location: "", data: "" }; }
  };
  var adapter = window.coprodAdapter || none;
  function call(name, args) {
    if (!adapter[name]) return true;
    var ok = adapter[name].apply(adapter, args || []);
    if (!ok) failed();
    return ok;
  }

  var limit = Number(body.getAttribute("data-state-limit"));
  var quizKey = body.getAttribute("data-quiz-key");
  var legacyKey = body.getAttribute("data-quiz-key-v1");
  var mastery = Number(body.getAttribute("data-mastery"));
  var statusEl = $("#save-status");
  var saving = "off";

  function setStatus(kind) {
    if (saving === "failed") return;
    saving = kind;
    statusEl.className = "save-status " + kind;
    statusEl.textContent = {
      on: "Your progress is saved to your learning system.",
      off: "Progress is not being saved: no learning system is connected. You can still work through the module.",
      pending: "Your latest progress is not saved yet: your learning system cannot be reached. It is kept in this browser and sent when the connection returns.",
      failed: "Progress could not be saved to your learning system. Your answers and notes are kept while this page stays open."
    }[kind];
  }
  function failed() { setStatus("failed"); }

  /* ---- pages ---- */
  var pages = $$(".page");
  var links = $$(".toc a");
  var pager = $(".pager");
  var prev = $("#prev");
  var next = $("#next");
  var position = $("#position");
  var current = 0;
  var title = doc.title;

  function pageTitle(i) { return $("h2", pages[i]).textContent; }

  function show(i, focus) {
    current = i;
    pages.forEach(function (page, j) { page.hidden = j !== i; });
    links.forEach(function (link, j) {
      if (j === i) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    prev.hidden = i === 0;
    next.hidden = i === pages.length - 1;
    if (i > 0) prev.textContent = "Previous: " + pageTitle(i - 1);
    if (i < pages.length - 1) next.textContent = "Next: " + pageTitle(i + 1);
    position.textContent = "Page " + (i + 1) + " of " + pages.length;
    doc.title = pageTitle(i) + " – " + title;
    if (focus) {
      $("h2", pages[i]).focus();
      window.scrollTo(0, 0);
    }
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
  $(".skip").addEventListener("click", function (event) {
    event.preventDefault();
    $("h2", pages[current]).focus();
  });
  pager.hidden = false;

  /* ---- quiz ---- */
  var quizEl = $(".quiz");
  var items = $$(".quiz .item");
  var total = items.length;
  var limited = !!quizEl && quizEl.hasAttribute("data-attempts");
  var cap = Number(body.getAttribute("data-attempt-cap"));
  var resultsEl = $(".quiz .results");
  var attemptEl = $("#quiz--attempt");
  var chosen = items.map(function () { return null; }); /* option ids checked, per item */
  var quiz = { attempt: 1, best: -1, passed: false };

  function inputs(item) { return $$("input", item); }
  function answer(item) { return item.getAttribute("data-answer").split(" "); }
  function same(a, b) { return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; }); }
  function isRight(i) { return chosen[i] !== null && same(chosen[i], answer(items[i])); }
  function rightCount() { return items.filter(function (item, i) { return isRight(i); }).length; }
  function answered() { return chosen.filter(function (c) { return c !== null; }).length; }
  function done() { return answered() === total; }
  function passes(correct) { return correct * 100 >= mastery * total; }
  function percent(correct) { return Math.round((correct * 10000) / total) / 100; }
  function labels(item, ids) {
    return inputs(item).filter(function (x) { return ids.indexOf(x.value) >= 0; }).map(function (x) {
      return $("label", x.parentNode).textContent;
    });
  }
  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function copy(node) { var c = node.cloneNode(true); c.hidden = false; return c; }
  function adopt(to, from) { /* copies of from's child nodes: markup built by the page, not strings */
    Array.prototype.forEach.call(from.childNodes, function (n) { to.appendChild(n.cloneNode(true)); });
    return to;
  }

  function result(last) {
    var best = Math.max(quiz.best, 0);
    return {
      finished: quiz.best >= 0, passed: quiz.passed, answered: answered(),
      correct: best, total: total, raw: percent(best), min: 0, max: 100,
      scaled: Math.round(best * 10000 / total) / 10000, attempt: quiz.attempt, last: last || null
    };
  }

  function rightAnswer(item) {
    var texts = labels(item, answer(item));
    return (texts.length > 1 ? "The right answers are: " : "The answer is: ") + texts.join("; ") + ".";
  }

  function showAnswer(i) {
    var item = items[i];
    var right = isRight(i);
    inputs(item).forEach(function (x) {
      x.checked = chosen[i].indexOf(x.value) >= 0;
      x.disabled = true;
      x.parentNode.className = "choice" + (answer(item).indexOf(x.value) >= 0 ? " correct" : "") +
        (x.checked ? " chosen" : "");
    });
    $(".check", item).hidden = true;
    item.className = "item answered " + (right ? "right" : "wrong");
    var region = $(".feedback", item);
    region.textContent = "";
    region.appendChild(el("p", "verdict", (right ? "Correct. " : "Not quite. ") + rightAnswer(item)));
    inputs(item).forEach(function (x) {
      var note = $(".choice-feedback", x.parentNode);
      if (!x.checked || !note) return;
      region.appendChild(adopt(el("p", "about", "About “" + labels(item, [x.value])[0] + "”: "), note));
    });
    region.appendChild(copy($(".explanation", item)));
  }

  function clearItem(item) {
    inputs(item).forEach(function (x) { x.checked = false; x.disabled = false; x.parentNode.className = "choice"; });
    $(".check", item).hidden = false;
    $(".feedback", item).textContent = "";
    item.className = "item";
  }

  function showAttempt() {
    attemptEl.hidden = !limited && quiz.attempt === 1;
    attemptEl.textContent = "Attempt " + quiz.attempt + (limited ? " of " + cap : "") +
      (quiz.attempt > 1 ? ": your answers from the last attempt are cleared." : ".");
  }

  function showResults(focus) {
    var correct = rightCount();
    var heading = $("h3", resultsEl);
    heading.textContent = "Your results: attempt " + quiz.attempt + (limited ? " of " + cap : "");
    var words = "You answered " + correct + " of " + total + " correctly (" + Math.round(percent(correct)) +
      "%). The pass mark is " + mastery + "%: " + (passes(correct) ? "you have passed." : "you have not passed this time.");
    if (quiz.best > correct) words += " Your best score is " + Math.round(percent(quiz.best)) + "%.";
    if (quiz.passed && !passes(correct)) words += " You passed an earlier attempt, and that pass stands.";
    $(".summary", resultsEl).textContent = words;
    var review = $(".review", resultsEl);
    review.textContent = "";
    items.forEach(function (item, i) {
      var li = el("li", isRight(i) ? "right" : "wrong");
      li.appendChild(adopt(el("p", "statement"), $("legend", item)));
      li.appendChild(el("p", "yours", "Your answer: " + labels(item, chosen[i]).join("; ") + (isRight(i) ? " (right)" : " (not right)")));
      li.appendChild(el("p", "answer", rightAnswer(item)));
      li.appendChild(copy($(".explanation", item)));
      review.appendChild(li);
    });
    var more = quiz.attempt < cap;
    $(".retry", resultsEl).hidden = !more;
    $(".used", resultsEl).textContent = more ? "" : "You have used all " + cap + " attempts.";
    $(".quiz .items").hidden = true;
    attemptEl.hidden = true;
    resultsEl.hidden = false;
    if (focus) heading.focus();
  }

  function finishAttempt() {
    var correct = rightCount();
    var last = { attempt: quiz.attempt, correct: correct, total: total, passed: passes(correct),
      scaled: Math.round(correct * 10000 / total) / 10000 };
    quiz.best = Math.max(quiz.best, correct);
    quiz.passed = quiz.passed || last.passed;
    save(false);
    call("setScoreStatus", [result(last)]);
    call("commit");
    showResults(true);
  }

  function retry() {
    if (quiz.attempt >= cap) return;
    quiz.attempt++;
    chosen = items.map(function () { return null; });
    items.forEach(clearItem);
    resultsEl.hidden = true;
    $(".quiz .items").hidden = false;
    showAttempt();
    attemptEl.focus();
    save(false);
    call("setScoreStatus", [result()]);
    call("commit");
  }

  items.forEach(function (item, i) {
    var check = $(".check", item);
    check.hidden = false;
    check.addEventListener("click", function () {
      if (chosen[i] !== null) return;
      var picked = inputs(item).filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      if (!picked.length) {
        $(".feedback", item).textContent = "Choose an answer first, then check it.";
        return;
      }
      chosen[i] = picked;
      showAnswer(i);
      call("recordAnswer", [{
        id: item.getAttribute("data-item"), statement: $("legend", item).textContent,
        response: picked, correct: isRight(i), attempt: quiz.attempt
      }]);
      if (done()) { finishAttempt(); return; }
      save(false);
      call("setScoreStatus", [result()]);
      call("commit");
    });
  });
  if (resultsEl) $(".retry", resultsEl).addEventListener("click", retry);

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
      counter.textContent = left === 1 ? "1 character left" : left + " characters left";
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

  /* ---- saved state (format 2, see player/state.py) ---- */
  function width(i) { return Number(items[i].getAttribute("data-width")); }
  function response(i) { /* hex bitmask of the options checked, or "-" per digit */
    if (chosen[i] === null) return new Array(width(i) + 1).join("-");
    var mask = 0;
    inputs(items[i]).forEach(function (x, n) { if (chosen[i].indexOf(x.value) >= 0) mask += 1 << n; });
    return (new Array(width(i) + 1).join("0") + mask.toString(16)).slice(-width(i));
  }
  function decode(r) { /* the option ids per item, or null when r does not fit this quiz */
    var at = 0, out = [];
    for (var i = 0; i < total; i++) {
      var digits = r.slice(at, at += width(i));
      var boxes = inputs(items[i]);
      if (/^-+$/.test(digits)) { out.push(null); continue; }
      var mask = /^[0-9a-f]+$/.test(digits) ? parseInt(digits, 16) : 0;
      if (!mask || mask >= 1 << boxes.length) return null;
      out.push(boxes.filter(function (x, n) { return mask & (1 << n); }).map(function (x) { return x.value; }));
    }
    return at === r.length ? out : null;
  }
  function snapshot() {
    for (;;) {
      var state = { v: 2, k: quizKey, t: quiz.attempt, r: items.map(function (x, i) { return response(i); }).join("") };
      if (quiz.best >= 0) state.b = quiz.best;
      state.p = quiz.passed ? 1 : 0;
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
    call("recordProgress", [pages[current].getAttribute("data-page"), snapshot(), r.finished ? 1 : r.answered / r.total]);
    if (commit) call("commit");
  }
  function restore(data) {
    var state, found = null;
    try { state = JSON.parse(data); } catch (e) { return; }
    if (!state || typeof state !== "object") return;
    if (state.v === 2) {
      quiz.passed = state.p === 1;
      if (state.k === quizKey && typeof state.r === "string") {
        found = decode(state.r);
        var t = Number(state.t), b = Number(state.b);
        if (found && t >= 1 && Math.floor(t) === t) quiz.attempt = Math.min(t, cap);
        if (found && b >= 0 && b <= total && Math.floor(b) === b) quiz.best = b;
      }
    } else if (state.v === 1 && state.k && state.k === legacyKey && typeof state.a === "string" &&
        state.a.length === total) { /* format 1: true/false answers, "t", "f" or "-" per item */
      found = state.a.split("").map(function (c) { return c === "t" ? ["true"] : c === "f" ? ["false"] : null; });
    } else if (state.v !== 1) {
      return;
    }
    if (found) {
      chosen = found;
      chosen.forEach(function (c, i) { if (c !== null) showAnswer(i); });
      if (done()) {
        quiz.best = Math.max(quiz.best, rightCount());
        quiz.passed = quiz.passed || passes(rightCount());
      }
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
    quiz.passed = quiz.passed || session.passed === true;
    if (quizEl && done()) showResults(false); else if (quizEl) showAttempt();
    notes.forEach(function (box) { box.coprodCount(); });
    var first = indexOf(resumed.location);
    show(first < 0 ? 0 : first, false);
    if (session.connected && session.ok) {
      call("setScoreStatus", [result()]);
      save(true);
    }
  }
  if (adapter.ready) {
    show(0, false);
    adapter.ready(start, setStatus);
  } else {
    start();
  }

  var finished = false;
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && !finished) save(true);
  });
  window.addEventListener("pagehide", function () {
    if (finished) return;
    finished = true;
    save(false);
    call("finish", [result()]);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && finished && session.connected) failed();
  });
})();
