/* Tracking adapter for cmi5 launches (see player.js for the adapter interface).
 *
 * Launch: index.html?endpoint=&fetch=&actor=&registration=&activityId= (cmi5 §8.1).
 * The auth token is POSTed for once and kept in sessionStorage, so a reload of
 * the same launch reuses it. LMS.LaunchData is read (never written); its
 * contextTemplate is the base of every statement's context, its masteryScore
 * judges passed/failed, its launchMode is honoured, and "Save and exit" ends the
 * session (terminated) and then follows its returnURL. The agent
 * profile cmi5LearnerPreferences is read; this module has one language and no
 * audio, so nothing in it changes the player.
 *
 * Statements in a session: initialized first; "allowed" statements (experienced
 * per section, answered per checked quiz item) without the cmi5 category;
 * completed (duration) when the first attempt is finished, once per registration;
 * passed or failed (the best attempt's score, success, duration, masteryScore
 * extension) by the rule of xapi.js's Verdict: at most one per session, passed at
 * once and never twice in a registration, failed held until the session ends
 * without a pass; both with the cmi5 and moveOn categories; terminated last, with
 * duration. answered, completed, passed and failed carry the attempt number
 * (extension attempt-id). Browse and Review launches send
 * only initialized and terminated and write no State. A reload after the page
 * has ended its session (terminated) sends nothing more: cmi5 allows no
 * statement after terminated, and the learner is told to relaunch.
 */
(function (xapi, table) {
  "use strict";
  var ADL = "http://adlnet.gov/expapi/verbs/";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/";
  var CATEGORY = { objectType: "Activity", id: CMI5 + "categories/cmi5" };
  var MOVEON = { objectType: "Activity", id: CMI5 + "categories/moveon" };
  var SESSION = CMI5 + "extensions/sessionid";
  var MASTERY = CMI5 + "extensions/masteryscore";
  var STATE_ID = "coprod-progress";

  var p = xapi.params();
  var connected = !!(p.endpoint && p.fetch && p.actor && p.registration && p.activityId);
  var client, actor, doc, launch = null, prefs = null, saved = null, ok = true, ended = false;
  var live = false, backlog = [], seen = {}, started = 0, normal = false;
  var flags = { completed: false, passed: false };
  var verdict = null;
  var au = { objectType: "Activity", id: p.activityId, definition: table.module.definition };
  var key = "coprod-cmi5 " + p.fetch;

  function verb(name) { return { id: ADL + name, display: { "en-US": name } }; }

  /* A copy of the LMS's context template, plus what this statement adds. */
  function context(categories, extensions, child) {
    var c = JSON.parse(JSON.stringify(launch.contextTemplate || {}));
    c.registration = p.registration;
    c.revision = table.version; /* the module's version, so reports tell versions apart */
    c.contextActivities = c.contextActivities || {};
    if (categories.length) c.contextActivities.category = (c.contextActivities.category || []).concat(categories);
    if (child) c.contextActivities.parent = (c.contextActivities.parent || []).concat([{ objectType: "Activity", id: au.id }]);
    c.extensions = c.extensions || {};
    Object.keys(extensions).forEach(function (k) { c.extensions[k] = extensions[k]; });
    return c;
  }

  function emit(name, object, result, ctx) {
    var statement = { id: xapi.uuid(), actor: actor, verb: verb(name), object: object, context: ctx };
    if (result) statement.result = result;
    if (live) {
      statement.timestamp = xapi.timestamp();
      client.send(statement);
    } else {
      backlog.push(statement); /* stamped and sent after "initialized" */
    }
  }

  function elapsed() { return xapi.duration(Date.now() - started); }
  function mastery() { return typeof launch.masteryScore === "number" ? launch.masteryScore : null; }

  function persist(location, data, progress) {
    if (!normal || !live) return; /* before init the saved state is not loaded yet: keep it */
    flags.passed = verdict.passed;
    saved = { location: location, data: data, progress: progress, completed: flags.completed, passed: flags.passed };
    doc.save(JSON.parse(JSON.stringify(saved)));
  }

  /* End the session once: terminated, the last statement. */
  function end() {
    if (ended || !live) return false;
    ended = true;
    xapi.session.set(key + " ended", true);
    if (normal) verdict.end();
    emit("terminated", au, { duration: elapsed() }, context([CATEGORY], {}));
    return true;
  }

  function token() {
    var known = xapi.session.get(key + " token");
    if (known) return Promise.resolve(known);
    return fetch(p.fetch, { method: "POST", cache: "no-store", credentials: "omit" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (!body || typeof body["auth-token"] !== "string") {
        throw new Error("fetch URL refused: " + JSON.stringify(body));
      }
      xapi.session.set(key + " token", body["auth-token"]);
      return body["auth-token"];
    });
  }

  window.coprodAdapter = {
    ready: function (start, onstatus) {
      if (!connected) { start(); return; }
      var fail = function (error) {
        window.console.error("cmi5 launch failed: " + error);
        ok = false;
        start();
      };
      try { actor = xapi.agent(p.actor); } catch (e) { fail(e); return; }
      token().then(function (auth) {
        client = new xapi.Client(p.endpoint, "Basic " + auth);
        client.onstatus = onstatus;
        var where = { activityId: p.activityId, agent: JSON.stringify(actor), registration: p.registration };
        var state = function (id) { return Object.assign({ stateId: id }, where); };
        doc = new xapi.StateDoc(client, state(STATE_ID));
        return Promise.all([
          client.getDocument("activities/state", state("LMS.LaunchData")),
          client.getDocument("agents/profile", { agent: where.agent, profileId: "cmi5LearnerPreferences" }),
          doc.load()
        ]);
      }).then(function (found) {
        launch = found[0];
        prefs = found[1];
        saved = found[2];
        if (!launch || !launch.contextTemplate) throw new Error("LMS.LaunchData is missing or has no contextTemplate");
        normal = launch.launchMode === "Normal";
        if (saved) {
          flags.completed = !!saved.completed;
          flags.passed = !!saved.passed;
        }
        start();
      }).catch(fail);
    },
    init: function () {
      if (!connected) return { connected: false, ok: true, mastery: null };
      if (!ok) return { connected: true, ok: false, mastery: null };
      if (xapi.session.get(key + " ended")) {
        ended = true;
        return { connected: true, ok: false, mastery: null };
      }
      verdict = new xapi.Verdict(flags.passed, function (name, r) {
        var extensions = {};
        if (mastery() !== null) extensions[MASTERY] = mastery();
        extensions[xapi.ATTEMPT] = r.last.attempt;
        emit(name, au, {
          score: { scaled: r.scaled, raw: r.correct, min: 0, max: r.total },
          success: name === "passed", duration: elapsed()
        }, context([CATEGORY, MOVEON], extensions));
      });
      live = true;
      started = Date.now();
      emit("initialized", au, null, context([CATEGORY], {}));
      backlog.splice(0).forEach(function (statement) {
        statement.timestamp = xapi.timestamp();
        client.send(statement);
      });
      return {
        connected: true, ok: true, mastery: mastery() === null ? null : mastery() * 100, passed: flags.passed
      };
    },
    resume: function () {
      return { location: (saved && saved.location) || "", data: (saved && saved.data) || "" };
    },
    recordProgress: function (location, data, progress) {
      if (!connected || !ok || ended || !normal) return true;
      var section = table.sections[location];
      if (section && !seen[location]) {
        seen[location] = true;
        emit("experienced", { objectType: "Activity", id: section.id, definition: section.definition },
          null, context([], {}, true));
      }
      persist(location, data, progress);
      return true;
    },
    recordAnswer: function (item) {
      if (!connected || !ok || ended || !normal) return true;
      var entry = table.items[item.id];
      if (!entry) return false;
      var attempt = {};
      attempt[xapi.ATTEMPT] = item.attempt;
      emit("answered", { objectType: "Activity", id: entry.id, definition: entry.definition }, {
        response: item.response.join("[,]"), /* the ids are the tokens of quiz.form "xapi" */
        success: item.correct,
        score: { scaled: item.correct ? 1 : 0, raw: item.correct ? 1 : 0, min: 0, max: 1 }
      }, context([], attempt, true));
      return true;
    },
    /* The player judges against the LMS's masteryScore (init passes it on). */
    setScoreStatus: function (r) {
      if (!connected || !ok || ended || !normal || !r.last) return true;
      verdict.attempt(r);
      if (!flags.completed) {
        flags.completed = true;
        var attempt = {};
        attempt[xapi.ATTEMPT] = r.last.attempt;
        emit("completed", au, { completion: true, duration: elapsed() }, context([CATEGORY, MOVEON], attempt));
      }
      if (saved) persist(saved.location, saved.data, 1);
      return true;
    },
    commit: function () {
      if (live && !ended) client.flush();
      return true;
    },
    finish: function (r, exit) {
      if (!connected || !ok) return true;
      var ending = end();
      if (exit) {
        /* Save and exit: send everything, then go back to the LMS if it said where */
        if (ending && doc && normal) doc.push();
        (ending ? client.drained(5000) : Promise.resolve(true)).then(function () {
          if (launch.returnURL) window.location.assign(launch.returnURL);
        });
      } else if (ending) {
        client.flush(true);
        if (doc && normal) doc.push(true);
      }
      return true;
    }
  };
})(window.coprodXapi, window.coprodActivities);
