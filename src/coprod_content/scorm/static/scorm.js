/* SCORM runtime helpers shared by the SCORM 1.2 and 2004 adapters: finding the
 * LMS API the standard way (parent frames, then the opener), calls that report
 * failure (a "false" result or a non-zero error code) as false, and a quiz item's
 * interaction as the package's interactions.js describes it. */
(function (global) {
  "use strict";

  function lookup(win, name) {
    for (var depth = 0; win && depth < 16; depth++) {
      try { if (win[name]) return win[name]; } catch (e) { /* cross-origin frame: keep climbing */ }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function find(name) {
    var api = lookup(global, name);
    try { if (!api && global.opener) api = lookup(global.opener, name); } catch (e) { api = null; }
    try { if (!api && global.top.opener) api = lookup(global.top.opener, name); } catch (e) { api = null; }
    return api;
  }

  /* fns names the API's functions: init, get, set, commit, finish, error. */
  function connect(apiName, fns) {
    var api = find(apiName);
    var live = false;
    var started = 0;

    function code() {
      try { return String(api[fns.error]()); } catch (e) { return "101"; }
    }
    function run(fn, args) {
      if (!live) return true;
      var result;
      try { result = api[fn].apply(api, args); } catch (e) { return false; }
      var error = code();
      return (result === true || result === "true") && (error === "0" || error === "");
    }

    var lms = {
      found: !!api,
      start: function () {
        if (!api) return false;
        live = true;
        started = Date.now();
        live = run(fns.init, [""]);
        return live;
      },
      /* The value, or null when the call failed; quiet lists error codes that mean "no value yet". */
      get: function (key, quiet) {
        if (!live) return "";
        var value;
        try { value = api[fns.get](key); } catch (e) { return null; }
        var error = code();
        if (error === "0" || error === "") return value == null ? "" : String(value);
        return quiet && quiet.indexOf(error) >= 0 ? "" : null;
      },
      set: function (key, value) { return run(fns.set, [key, String(value)]); },
      /* Sets every pair, even after a failure; true when all succeeded. */
      setAll: function (pairs) {
        var ok = true;
        pairs.forEach(function (pair) { ok = lms.set(pair[0], pair[1]) && ok; });
        return ok;
      },
      commit: function () { return run(fns.commit, [""]); },
      stop: function () {
        var ok = run(fns.finish, [""]);
        live = false;
        return ok;
      },
      seconds: function () { return (Date.now() - started) / 1000; }
    };
    return lms;
  }

  /* The text of a quiz statement on one line, at most max characters. */
  function clip(text, max) {
    text = text.replace(/\s+/g, " ").trim();
    if (text.length <= max) return text;
    text = text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, "");
    return text + "…";
  }

  /* A quiz item's interaction record: its form (interactions.js, from quiz.form in Python)
   * and the ids of the options the learner checked, in option order. */
  function interaction(item) {
    var form = (global.coprodInteractions || {})[item.id];
    if (!form) return null;
    return {
      type: form.type, pattern: form.pattern,
      response: item.response.map(function (id) { return form.tokens[id]; }).join(form.separator)
    };
  }

  global.coprodScorm = { connect: connect, clip: clip, interaction: interaction };
})(window);
