// depa dashboard: keeps a running verification's page live without a reload. Every second it re-reads
// the same page (same origin, the session cookie) and puts the new state in place: the stage and the
// count of check results while it runs, then the finished table (or why it stopped), and stops.
// The nodes come from this gateway's own page, rendered with Qute's escaping, and are parsed with
// DOMParser, which runs no script (and the page's policy allows no inline script anyway).
(function () {
  "use strict";
  var POLL_MS = 1000;
  var live = document.getElementById("verification-live");
  if (!live || live.getAttribute("data-state") !== "RUNNING") {
    return;
  }
  var url = live.getAttribute("data-poll-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) {
          window.setTimeout(poll, POLL_MS);
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("verification-live");
        if (!fresh) {
          window.setTimeout(poll, POLL_MS);
          return;
        }
        var current = document.getElementById("verification-live");
        current.replaceWith(document.importNode(fresh, true));
        if (fresh.getAttribute("data-state") === "RUNNING") {
          window.setTimeout(poll, POLL_MS);
        }
      })
      .catch(function () { window.setTimeout(poll, POLL_MS); });
  }

  window.setTimeout(poll, POLL_MS);
})();
