/* Reload the preview when the content changes: poll /preview/status for its stamp. */
(function () {
  "use strict";
  var script = document.currentScript;
  var stamp = script ? script.getAttribute("data-stamp") : null;
  function poll() {
    fetch("/preview/status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (stamp !== null && String(status.stamp) !== stamp) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
