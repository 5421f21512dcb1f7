/* Tracking adapter for SCORM 1.2 (see player.js for the adapter interface). */
(function (scorm) {
  "use strict";
  var lms = scorm.connect("API", {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue",
    commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError"
  });
  var next = 0;
  var keep = false; /* a passed/failed/completed status is never turned back to incomplete */

  function tf(value) { return value ? "t" : "f"; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function timespan(seconds) { /* CMITimespan: HHHH:MM:SS.SS */
    var s = Math.min(seconds, 9999 * 3600 + 3599);
    var hours = Math.floor(s / 3600);
    var minutes = Math.floor((s % 3600) / 60);
    var rest = (s % 60).toFixed(2);
    return pad(hours) + ":" + pad(minutes) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  window.coprodAdapter = {
    init: function () {
      if (!lms.start()) return { connected: lms.found, ok: false, mastery: null };
      next = Number(lms.get("cmi.interactions._count")) || 0;
      keep = /^(passed|failed|completed)$/.test(lms.get("cmi.core.lesson_status") || "");
      var mastery = lms.get("cmi.student_data.mastery_score");
      return {
        connected: true,
        ok: mastery !== null,
        mastery: mastery ? Number(mastery) : null
      };
    },
    resume: function () {
      return {
        location: lms.get("cmi.core.lesson_location") || "",
        data: lms.get("cmi.suspend_data") || ""
      };
    },
    recordProgress: function (location, data) {
      return lms.setAll([["cmi.core.lesson_location", location], ["cmi.suspend_data", data]]);
    },
    recordAnswer: function (item) {
      var n = "cmi.interactions." + next++ + ".";
      return lms.setAll([
        [n + "id", item.id],
        [n + "type", "true-false"],
        [n + "correct_responses.0.pattern", tf(item.answer)],
        [n + "student_response", tf(item.response)],
        [n + "result", item.correct ? "correct" : "wrong"],
        [n + "weighting", "1"]
      ]);
    },
    setScoreStatus: function (r) {
      if (!r.finished) return keep || lms.set("cmi.core.lesson_status", "incomplete");
      keep = true;
      return lms.setAll([
        ["cmi.core.score.min", r.min],
        ["cmi.core.score.max", r.max],
        ["cmi.core.score.raw", r.raw],
        ["cmi.core.lesson_status", r.passed ? "passed" : "failed"]
      ]);
    },
    commit: lms.commit,
    finish: function (r) {
      var set = lms.setAll([
        ["cmi.core.exit", r.finished ? "" : "suspend"],
        ["cmi.core.session_time", timespan(lms.seconds())]
      ]);
      var saved = lms.commit();
      return lms.stop() && set && saved;
    }
  };
})(window.coprodScorm);
