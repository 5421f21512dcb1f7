/* Tracking adapter for SCORM 2004 4th Edition (see player.js for the adapter interface). */
(function (scorm) {
  "use strict";
  var lms = scorm.connect("API_1484_11", {
    init: "Initialize", get: "GetValue", set: "SetValue",
    commit: "Commit", finish: "Terminate", error: "GetLastError"
  });
  var NOT_SET = ["403"]; /* "value not initialized": nothing saved yet */
  var next = 0;
  var resuming = false;
  var completed = false; /* completion is never turned back to incomplete */
  var judged = false; /* nor is a passed/failed success status turned back to unknown */
  var passed = false; /* nor is passed turned into failed */

  function lang() {
    var tag = document.documentElement.lang;
    if (/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{2,8})?$/.test(tag)) return "{lang=" + tag + "}";
    tag = tag.split("-")[0];
    return /^[a-zA-Z]{1,8}$/.test(tag) ? "{lang=" + tag + "}" : "";
  }

  window.coprodAdapter = {
    init: function () {
      if (!lms.start()) return { connected: lms.found, ok: false, mastery: null };
      resuming = lms.get("cmi.entry") === "resume";
      next = Number(lms.get("cmi.interactions._count")) || 0;
      completed = lms.get("cmi.completion_status") === "completed";
      var success = lms.get("cmi.success_status") || "";
      judged = /^(passed|failed)$/.test(success);
      passed = success === "passed";
      /* An LMS may set its own pass mark; without one, the module's applies. */
      var passing = lms.get("cmi.scaled_passing_score", NOT_SET);
      var scaled = passing ? Number(passing) : NaN;
      var mastery = scaled >= 0 && scaled <= 1 ? scaled * 100 : null; /* the player rounds it */
      return { connected: true, ok: true, mastery: mastery, passed: passed };
    },
    resume: function () {
      if (!resuming) return { location: "", data: "" };
      return {
        location: lms.get("cmi.location", NOT_SET) || "",
        data: lms.get("cmi.suspend_data", NOT_SET) || ""
      };
    },
    recordProgress: function (location, data, progress) {
      return lms.setAll([
        ["cmi.location", location],
        ["cmi.suspend_data", data],
        ["cmi.progress_measure", Math.round(progress * 10000) / 10000]
      ]);
    },
    recordAnswer: function (item) {
      var record = scorm.interaction(item);
      if (!record) return false;
      var n = "cmi.interactions." + next++ + ".";
      return lms.setAll([
        [n + "id", item.id],
        [n + "type", record.type],
        /* a langstring's text may not start with "{" */
        [n + "description", lang() + scorm.clip(item.statement.replace(/^[\s{]+/, ""), 250)],
        [n + "correct_responses.0.pattern", record.pattern],
        [n + "learner_response", record.response],
        [n + "result", item.correct ? "correct" : "incorrect"],
        [n + "weighting", "1"]
      ]);
    },
    setScoreStatus: function (r) {
      if (!r.finished) {
        return lms.setAll([].concat(
          completed ? [] : [["cmi.completion_status", "incomplete"]],
          judged ? [] : [["cmi.success_status", "unknown"]]
        ));
      }
      completed = judged = true;
      passed = passed || r.passed;
      return lms.setAll([
        ["cmi.score.min", r.min],
        ["cmi.score.max", r.max],
        ["cmi.score.raw", r.raw],
        ["cmi.score.scaled", r.scaled],
        ["cmi.completion_status", "completed"],
        ["cmi.success_status", passed ? "passed" : "failed"]
      ]);
    },
    commit: lms.commit,
    finish: function (r, exit) {
      /* Until a pass, the learner may come back to their results and try again; "Save and
       * exit" also asks the LMS to take its window back, keeping the attempt (suspendAll)
       * or ending it (exitAll) to match. */
      var set = lms.setAll([
        ["cmi.exit", r.passed ? "normal" : "suspend"],
        ["cmi.session_time", "PT" + lms.seconds().toFixed(2) + "S"]
      ].concat(exit ? [["adl.nav.request", r.passed ? "exitAll" : "suspendAll"]] : []));
      var saved = lms.commit();
      return lms.stop() && set && saved;
    }
  };
})(window.coprodScorm);
