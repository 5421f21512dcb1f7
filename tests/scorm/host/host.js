/* A minimal LMS for tests: a scorm-again runtime in window.API / window.API_1484_11,
 * the package in an iframe, and a log of every API call with its result and error code. */
window.calls = [];
window.launch = function (version, initial, url, failing) {
  var twelve = version === "scorm12";
  var Api = twelve ? Scorm12API.Scorm12API || Scorm12API : Scorm2004API.Scorm2004API || Scorm2004API;
  var api = new Api({ logLevel: 5, autocommit: false });
  if (initial) api.loadFromJSON(initial, "");
  var names = twelve
    ? ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]
    : ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"];
  var lastError = (twelve ? api.LMSGetLastError : api.GetLastError).bind(api);
  names.forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var result = failing && failing.indexOf(name) >= 0 ? "false" : original.apply(null, args);
      window.calls.push({ fn: name, args: args, result: String(result), error: String(lastError()) });
      return result;
    };
  });
  window.API = window.API_1484_11 = undefined;
  window[twelve ? "API" : "API_1484_11"] = api;
  window.api = api;
  window.calls = [];
  if (window.popup) window.popup = window.open(url, "sco");
  else document.getElementById("sco").src = url;
};
window.unload = function () { document.getElementById("sco").src = "about:blank"; };
window.cmi = function () { return JSON.parse(JSON.stringify(window.api.cmi)); };
