// depa dashboard: keeps a job's page live without a reload. It follows the job's ledger events
// (server-sent events, same origin, the session cookie) and re-reads the job after each one; while the
// job is scheduled or running, the TDC's page also re-reads the clean room's progress every few seconds.
// Text only (textContent), never HTML, so nothing from the ledger can run as script.
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section) {
    return;
  }
  var FINAL = { COMPLETED: true, FAILED: true, CANCELLED: true };
  var statusUrl = section.getAttribute("data-status-url");
  var eventsUrl = section.getAttribute("data-events-url");
  var progressUrl = section.getAttribute("data-progress-url");
  var live = document.getElementById("job-live");
  var timer = null;

  function text(id, value) {
    var el = document.getElementById(id);
    if (el && value !== undefined && value !== null) {
      el.textContent = String(value);
    }
  }

  function currentStatus() {
    var el = document.getElementById("job-status");
    return el ? el.textContent : "";
  }

  function readJob() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) {
          return;
        }
        text("job-status", job.status);
        text("job-reason", job.reason || "-");
        text("job-updated", job.updatedAt);
        schedule();
      })
      .catch(function () { /* the next event or poll tries again */ });
  }

  function readProgress() {
    if (!progressUrl) {
      return;
    }
    fetch(progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      })
      .then(function (answer) {
        var refusal = document.getElementById("progress-refusal");
        if (!answer.ok || answer.body.shown === false) {
          if (refusal) {
            refusal.hidden = false;
            refusal.textContent = (answer.body.code ? answer.body.code + ": " : "") + (answer.body.detail || "");
          }
          return;
        }
        var p = answer.body;
        if (refusal) {
          refusal.hidden = true;
        }
        text("progress-epoch", p.epoch);
        text("progress-epochs", p.epochs);
        text("progress-loss", p.loss);
        text("progress-epsilon", p.epsilonSpent);
        text("progress-updated", p.updated);
        var bar = document.getElementById("progress-bar");
        if (bar) {
          bar.max = p.epochs > 0 ? p.epochs : 1;
          bar.value = p.epoch;
          bar.textContent = p.epoch + " of " + p.epochs;
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }

  // Progress is polled only while the clean room may be reporting.
  function schedule() {
    var running = !FINAL[currentStatus()];
    if (progressUrl && running && timer === null) {
      timer = window.setInterval(readProgress, 3000);
    } else if (!running && timer !== null) {
      window.clearInterval(timer);
      timer = null;
      readProgress();
    }
  }

  if (window.EventSource && eventsUrl) {
    var source = new EventSource(eventsUrl, { withCredentials: true });
    // The event names come from the page (the ledger's catalogue), not from this file.
    var names = (section.getAttribute("data-event-names") || "").split(" ");
    var finals = (section.getAttribute("data-final-events") || "").split(" ");
    names.forEach(function (name) {
      if (!name) {
        return;
      }
      source.addEventListener(name, function () {
        readJob();
        readProgress();
        if (finals.indexOf(name) >= 0) {
          source.close();
        }
      });
    });
    source.onerror = function () {
      if (FINAL[currentStatus()]) {
        source.close();
      } else if (live) {
        live.textContent = "Reconnecting to the ledger's events...";
      }
    };
    source.onopen = function () {
      if (live) {
        live.textContent = "This status follows the ledger's events while the page is open.";
      }
    };
  }
  schedule();
})();
