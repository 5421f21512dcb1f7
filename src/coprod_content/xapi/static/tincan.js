/* Tracking adapter for xAPI (Tin Can) launches (see player.js for the adapter interface).
 *
 * Launch: index.html?endpoint=<LRS>&auth=<Authorization header>&actor=<Agent JSON>
 * [&registration=<UUID>][&activity_id=<IRI>][&grouping=<IRI>]. Without endpoint and
 * actor there is no LRS and the player says nothing is saved.
 *
 * Statements, in order: initialized; attempted (new registration) or resumed;
 * experienced once per section per session; answered per checked quiz item
 * (response: the chosen option ids joined by "[,]", success, score, the attempt
 * number); completed when the first attempt is finished, once per registration;
 * passed or failed (the best attempt's scaled score against the content's mastery
 * score) by the rule of xapi.js's Verdict; on leaving, suspended if no attempt is
 * finished, then terminated. Context: registration, the module as parent of section
 * and item statements, the attempt number (extension attempt-id) on answered,
 * completed, passed and failed. The place, saved answers and notes live in one State
 * document ("coprod-progress").
 */
(function (xapi, table) {
  "use strict";
  var VERBS = {};
  ["initialized", "attempted", "resumed", "experienced", "answered", "passed", "failed",
    "completed", "suspended", "terminated"].forEach(function (name) {
    VERBS[name] = { id: "http://adlnet.gov/expapi/verbs/" + name, display: { "en-US": name } };
  });
  var STATE_ID = "coprod-progress";
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

  var p = xapi.params();
  var connected = !!(p.endpoint && p.actor);
  var client, actor, doc, saved = null, ok = true;
  var module = { objectType: "Activity", id: p.activity_id || table.module.id, definition: table.module.definition };
  var live = false, ended = false, backlog = [], seen = {}, started = 0;
  var flags = { completed: false, passed: false };
  var verdict = null;

  function activity(entry) { return { objectType: "Activity", id: entry.id, definition: entry.definition }; }

  function context(child, attempt) {
    var c = { language: table.language, contextActivities: {} };
    c.revision = table.version; /* the module's version, so reports tell versions apart */
    if (p.registration && UUID.test(p.registration)) c.registration = p.registration;
    if (child) c.contextActivities.parent = [{ objectType: "Activity", id: module.id }];
    if (p.grouping) c.contextActivities.grouping = [{ objectType: "Activity", id: p.grouping }];
    if (!child && !p.grouping) delete c.contextActivities;
    if (attempt) { c.extensions = {}; c.extensions[xapi.ATTEMPT] = attempt; }
    return c;
  }

  function emit(verb, object, result, child, attempt) {
    var statement = { id: xapi.uuid(), actor: actor, verb: VERBS[verb], object: object, context: context(child, attempt) };
    if (result) statement.result = result;
    if (live) {
      statement.timestamp = xapi.timestamp();
      client.send(statement);
    } else {
      backlog.push(statement); /* stamped and sent after "initialized" */
    }
  }

  function elapsed() { return xapi.duration(Date.now() - started); }

  function persist(location, data, progress) {
    if (!live) return; /* before init the saved state is not loaded yet: keep it */
    flags.passed = verdict.passed;
    saved = { location: location, data: data, progress: progress, completed: flags.completed, passed: flags.passed };
    doc.save(JSON.parse(JSON.stringify(saved)));
  }

  window.coprodAdapter = {
    ready: function (start, report) {
      if (!connected) { start(); return; }
      try {
        actor = xapi.agent(p.actor);
      } catch (e) {
        connected = false;
        start();
        return;
      }
      client = new xapi.Client(p.endpoint, p.auth || "");
      client.onstatus = report;
      var query = { activityId: module.id, agent: JSON.stringify(actor), stateId: STATE_ID };
      if (p.registration) query.registration = p.registration;
      doc = new xapi.StateDoc(client, query);
      doc.load().then(function (state) {
        saved = state;
        if (state) {
          flags.completed = !!state.completed;
          flags.passed = !!state.passed;
        }
        start();
      }, function () {
        ok = false;
        start();
      });
    },
    init: function () {
      if (!connected) return { connected: false, ok: true, mastery: null };
      verdict = new xapi.Verdict(flags.passed, function (name, r) {
        emit(name, module, {
          score: { scaled: r.scaled, raw: r.correct, min: 0, max: r.total },
          success: name === "passed", completion: true, duration: elapsed()
        }, false, r.last.attempt);
      });
      live = true;
      started = Date.now();
      emit("initialized", module);
      emit(saved ? "resumed" : "attempted", module);
      backlog.splice(0).forEach(function (statement) {
        statement.timestamp = xapi.timestamp();
        client.send(statement);
      });
      return { connected: true, ok: ok, mastery: null, passed: flags.passed };
    },
    resume: function () {
      return { location: (saved && saved.location) || "", data: (saved && saved.data) || "" };
    },
    recordProgress: function (location, data, progress) {
      if (!connected) return true;
      var section = table.sections[location];
      if (section && !seen[location]) {
        seen[location] = true;
        emit("experienced", activity(section), null, true);
      }
      persist(location, data, progress);
      return true;
    },
    recordAnswer: function (item) {
      if (!connected) return true;
      var entry = table.items[item.id];
      if (!entry) return false;
      emit("answered", activity(entry), {
        response: item.response.join("[,]"), /* the ids are the tokens of quiz.form "xapi" */
        success: item.correct,
        score: { scaled: item.correct ? 1 : 0, raw: item.correct ? 1 : 0, min: 0, max: 1 }
      }, true, item.attempt);
      return true;
    },
    setScoreStatus: function (r) {
      if (!connected || !r.last) return true;
      verdict.attempt(r);
      if (!flags.completed) {
        flags.completed = true;
        emit("completed", module, { completion: true, duration: elapsed() }, false, r.last.attempt);
      }
      if (saved) persist(saved.location, saved.data, 1);
      return true;
    },
    commit: function () {
      if (connected) client.flush();
      return true;
    },
    finish: function (r) {
      if (!live || ended) return true;
      ended = true;
      verdict.end();
      if (!r.finished) emit("suspended", module, { completion: false, duration: elapsed() });
      emit("terminated", module, { duration: elapsed() });
      client.flush(true);
      doc.push(true);
      return true;
    }
  };
})(window.coprodXapi, window.coprodActivities);
