/* Tracking adapter for SCORM 1.2 (see player.js for the adapter interface). */
(function (scorm) {
  "use strict";
  var lms = scorm.connect("API", {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue",
    commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError"
  });
  var next = 0; /* interactions are appended, one per checked item, attempt after attempt */
  var keep = false; /* a passed/failed/completed status is never turned back to incomplete */
  var passed = false;
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
      var status = lms.get("cmi.core.lesson_status") || "";
      keep = /^(passed|failed|completed)$/.test(status);
      passed = status === "passed";
      var mastery = lms.get("cmi.student_data.mastery_score");
      return {
        connected: true,
        ok: mastery !== null,
        mastery: mastery ? Number(mastery) : null,
        passed: passed
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
      var record = scorm.interaction(item);
      if (!record) return false;
      var n = "cmi.interactions." + next++ + ".";
      return lms.setAll([
        [n + "id", item.id],
        [n + "type", record.type],
        [n + "correct_responses.0.pattern", record.pattern],
        [n + "student_response", record.response],
        [n + "result", item.correct ? "correct" : "wrong"],
        [n + "weighting", "1"]
      ]);
    },
    /* The best attempt's score; passed once any attempt passed, and never failed after. */
    setScoreStatus: function (r) {
      if (!r.finished) return keep || lms.set("cmi.core.lesson_status", "incomplete");
      keep = true;
      passed = passed || r.passed;
      return lms.setAll([
        ["cmi.core.score.min", r.min],
        ["cmi.core.score.max", r.max],
        ["cmi.core.score.raw", r.raw],
        ["cmi.core.lesson_status", passed ? "passed" : "failed"]
      ]);
    },
    commit: lms.commit,
    finish: function (r) {
      var set = lms.setAll([
        /* until a pass, the learner may come back to their results and try again */
        ["cmi.core.exit", r.passed ? "" : "suspend"],
        ["cmi.core.session_time", timespan(lms.seconds())]
      ]);
      var saved = lms.commit();
      return lms.stop() && set && saved;
    }
  };
})(window.coprodScorm);
