/* xAPI client shared by the Tin Can and cmi5 adapters: launch parameters,
 * statements through a durable queue, and State / Agent Profile documents.
 *
 * No statement is dropped silently. Each gets its id and timestamp when it is
 * made, joins a queue kept in localStorage and is POSTed in order. A network
 * error, 408, 429 or 5xx keeps it queued and retries with backoff (at once when
 * the browser comes back online); the learner is told progress is not saved
 * yet. Anything else the LRS refuses is logged, moved to a "refused" list in
 * localStorage and reported as a failure. Resending is safe: an LRS ignores a
 * statement whose id it already holds. A queue left by a page that closed
 * while offline is sent by the next launch on the same endpoint.
 *
 * The learner's place is one State document, last write wins: the newest copy
 * is kept in localStorage until the LRS has it, and preferred on resume when
 * it is newer than the LRS's. */
(function (global) {
  "use strict";
  var VERSION = "1.0.3";
  var BATCH = 20;
  var KEEPALIVE_CHARS = 16000; /* UTF-16 units: at most 48 KiB of UTF-8 */
  var MAX_DELAY = 30000;
  var TIMEOUT = 15000;

  var store = {
    get: function (key) {
      try { return JSON.parse(global.localStorage.getItem(key)); } catch (e) { return null; }
    },
    set: function (key, value) {
      try {
        if (value == null) global.localStorage.removeItem(key);
        else global.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) { /* storage full or disabled: the in-memory copy still goes out */ }
    }
  };

  function params() {
    var out = {};
    new URLSearchParams(global.location.search).forEach(function (value, key) { out[key] = value; });
    return out;
  }

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    var b = global.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  var last = 0;
  /* ISO 8601 UTC, strictly increasing: statement order survives a coarse clock. */
  function timestamp() {
    last = Math.max(Date.now(), last + 1);
    return new Date(last).toISOString();
  }

  function duration(ms) { return "PT" + (Math.max(0, ms) / 1000).toFixed(2) + "S"; }

  /* An Agent from launch JSON; older Tin Can launchers send arrays and accountName. */
  function agent(json) {
    var a = JSON.parse(json);
    var one = function (v) { return Array.isArray(v) ? v[0] : v; };
    var out = { objectType: "Agent" };
    if (one(a.name)) out.name = one(a.name);
    var account = one(a.account);
    if (one(a.mbox)) out.mbox = one(a.mbox);
    else if (one(a.mbox_sha1sum)) out.mbox_sha1sum = one(a.mbox_sha1sum);
    else if (one(a.openid)) out.openid = one(a.openid);
    else if (account) {
      out.account = {
        homePage: account.homePage || account.accountServiceHomePage,
        name: account.name || account.accountName
      };
    }
    return out;
  }

  function Client(endpoint, auth) {
    var self = this;
    this.endpoint = endpoint.replace(/\/?$/, "/");
    this.auth = auth;
    this.key = "coprod-xapi " + this.endpoint;
    this.queue = store.get(this.key + " queue") || [];
    this.inflight = 0;
    this.delay = 0;
    this.timer = 0;
    this.status = "on";
    this.statePending = false;
    this.scheduled = false;
    this.closed = false;
    this.onstatus = function () {};
    global.addEventListener("online", function () {
      if (self.timer) { clearTimeout(self.timer); self.timer = 0; }
      self.flush();
    });
  }

  Client.prototype.report = function (kind) {
    if (this.status === "failed" || this.status === kind) return;
    this.status = kind;
    this.onstatus(kind);
  };

  Client.prototype.request = function (method, resource, query, body, keepalive) {
    var headers = { "X-Experience-API-Version": VERSION };
    if (this.auth) headers.Authorization = this.auth;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var text = body === undefined ? undefined : JSON.stringify(body);
    var options = {
      method: method, headers: headers, cache: "no-store", credentials: "omit", body: text,
      /* browsers refuse keepalive bodies past 64 KiB in flight; larger ones go as usual */
      keepalive: !!keepalive && (text || "").length < KEEPALIVE_CHARS
    };
    if (!keepalive && global.AbortController) {
      var abort = new AbortController();
      setTimeout(function () { abort.abort(); }, TIMEOUT);
      options.signal = abort.signal;
    }
    var url = this.endpoint + resource + (query ? "?" + new URLSearchParams(query) : "");
    return global.fetch(url, options);
  };

  /* ---- statements ---- */

  /* Queued at once, sent once the current script is done: statements made together
   * (a session's suspended and terminated) go in one request, so an LRS never stores
   * the last before the others. */
  Client.prototype.send = function (statement) {
    var self = this;
    this.queue.push(statement);
    this.save();
    if (this.scheduled) return;
    this.scheduled = true;
    Promise.resolve().then(function () { self.scheduled = false; self.flush(); });
  };

  Client.prototype.save = function () {
    store.set(this.key + " queue", this.queue.length ? this.queue : null);
  };

  /* "stored", "retry" (the LRS could not be reached or was unavailable) or "refused". */
  Client.prototype.post = function (batch, keepalive) {
    return this.request("POST", "statements", null, batch, keepalive).then(function (response) {
      if (response.ok) return "stored";
      if (response.status === 408 || response.status === 429 || response.status >= 500) return "retry";
      return response.text().then(function (text) {
        global.console.error("The LRS refused " + batch.length + " statement(s): HTTP " +
          response.status + " " + text);
        return "refused";
      });
    }, function () { return "retry"; });
  };

  Client.prototype.drop = function (batch) {
    var ids = {};
    batch.forEach(function (s) { ids[s.id] = true; });
    this.queue = this.queue.filter(function (s) { return !ids[s.id]; });
    this.save();
  };

  /* Back to "saved" once no statement and no State document is waiting. */
  Client.prototype.settle = function () {
    if (!this.queue.length && !this.statePending) this.report("on");
  };

  /* Send the queue, one batch at a time; final: the page is going away, send the rest now
   * in one request, and nothing after it (what is left stays queued for the next launch). */
  Client.prototype.flush = function (final) {
    var self = this;
    if (final) {
      var rest = this.queue.slice(this.inflight);
      if (rest.length) this.post(rest, true);
      this.closed = true;
      return;
    }
    if (this.closed || this.inflight || this.timer || !this.queue.length) return;
    var batch = this.queue.slice(0, BATCH);
    this.inflight = batch.length;
    /* keepalive: a batch on its way when the page closes still arrives */
    this.post(batch, true).then(function (outcome) {
      self.inflight = 0;
      if (outcome === "retry") {
        self.report("pending");
        self.delay = Math.min(self.delay ? self.delay * 2 : 1000, MAX_DELAY);
        self.timer = setTimeout(function () { self.timer = 0; self.flush(); }, self.delay);
        return;
      }
      self.drop(batch);
      if (outcome === "refused") {
        store.set(self.key + " refused", (store.get(self.key + " refused") || []).concat(batch));
        self.report("failed");
      }
      self.delay = 0;
      self.settle();
      self.flush();
    });
  };

  /* Resolves once every queued statement is stored (or refused), or after ms. */
  Client.prototype.drained = function (ms) {
    var self = this;
    var until = Date.now() + ms;
    return new Promise(function (resolve) {
      (function poll() {
        if (!self.queue.length || Date.now() > until) resolve(!self.queue.length);
        else setTimeout(poll, 50);
      })();
    });
  };

  /* ---- documents (State, Agent Profile) ---- */

  /* The parsed JSON document, or null when there is none; rejects when it cannot be read. */
  Client.prototype.getDocument = function (resource, query) {
    return this.request("GET", resource, query).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error("GET " + resource + ": HTTP " + response.status);
      return response.text().then(function (text) { return text ? JSON.parse(text) : null; });
    });
  };

  Client.prototype.putDocument = function (resource, query, doc, keepalive) {
    return this.request("PUT", resource, query, doc, keepalive).then(
      function (response) { return response.ok; },
      function () { return false; }
    );
  };

  /* One State document saved last-write-wins, kept locally until the LRS has it. */
  function StateDoc(client, query) {
    this.client = client;
    this.query = query;
    this.key = client.key + " state " + [query.activityId, query.agent, query.registration || "", query.stateId].join(" ");
    this.latest = null;
    this.busy = false;
    this.timer = 0;
  }

  /* The newer of the LRS's copy and an unsent local one (by their "saved" stamps). */
  StateDoc.prototype.load = function () {
    var local = store.get(this.key);
    return this.client.getDocument("activities/state", this.query).then(function (remote) {
      return local && (!remote || String(local.saved) > String(remote.saved)) ? local : remote;
    }, function (error) {
      if (local) return local;
      throw error;
    });
  };

  StateDoc.prototype.save = function (doc) {
    doc.saved = timestamp();
    this.latest = doc;
    store.set(this.key, doc);
    this.push();
  };

  StateDoc.prototype.push = function (final) {
    var self = this;
    var doc = this.latest;
    if (!doc) return;
    if (final) { this.client.putDocument("activities/state", this.query, doc, true); return; }
    if (this.busy || this.timer) return;
    this.busy = true;
    this.client.putDocument("activities/state", this.query, doc).then(function (ok) {
      self.busy = false;
      self.client.statePending = !ok;
      if (!ok) {
        self.client.report("pending");
        self.timer = setTimeout(function () { self.timer = 0; self.push(); }, 2000);
      } else if (self.latest === doc) {
        self.latest = null;
        store.set(self.key, null);
        self.client.settle();
      } else {
        self.push();
      }
    });
  };

  /* When passed and failed are sent, for Tin Can and cmi5 alike (see the README): at most
   * one of them per session; passed at once when an attempt passes, unless the
   * registration has passed before; failed held until the session ends without a pass.
   * Nothing follows a pass in the registration. send(verb, result) emits the statement. */
  function Verdict(passed, send) {
    this.passed = passed;
    this.sent = false;
    this.held = null;
    this.send = send;
  }
  Verdict.prototype.attempt = function (result) { /* result.last: the attempt just finished */
    if (this.passed || this.sent) return;
    if (!result.last.passed) { this.held = result; return; }
    this.held = null;
    this.sent = this.passed = true;
    this.send("passed", result);
  };
  Verdict.prototype.end = function () {
    var held = this.held;
    this.held = null;
    if (!held || this.sent || this.passed) return;
    this.sent = true;
    this.send("failed", held);
  };

  global.coprodXapi = {
    params: params, uuid: uuid, timestamp: timestamp, duration: duration, agent: agent,
    ATTEMPT: "http://id.tincanapi.com/extension/attempt-id",
    Client: Client, StateDoc: StateDoc, Verdict: Verdict, session: {
      get: function (key) { try { return JSON.parse(global.sessionStorage.getItem(key)); } catch (e) { return null; } },
      set: function (key, value) { try { global.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ } }
    }
  };
})(window);
