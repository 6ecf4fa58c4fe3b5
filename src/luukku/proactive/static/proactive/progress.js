/* Progressive enhancement of the campaign page while the run goes on: reads the run's progress
   (tila.json) every few seconds and updates the progress bar and its "N of M" text. Screen readers
   hear it through a polite live region at every tenth of the way, not at every poll. When the run
   ends (done or stopped by an error) the page is loaded again to show the figures or the error.
   Without this file the page has a plain link to refresh it. */
(function () {
  "use strict";

  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch || !window.JSON) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var live = box.querySelector("[data-progress-live]");
  var url = box.getAttribute("data-progress-url");
  var step = -1;

  function later(ms) { window.setTimeout(poll, ms); }

  function show(data) {
    if (bar) {
      bar.max = data.total > 0 ? data.total : 1;
      bar.value = data.done;
      bar.textContent = data.text;
    }
    if (text) { text.textContent = data.text; }
    var now = Math.floor((data.percent || 0) / 10);
    if (live && now !== step) {
      step = now;
      live.textContent = data.text + " (" + data.percent + " %)";
    }
  }

  function poll() {
    window.fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { later(10000); return; }
        show(data);
        if (data.status !== "running") { window.location.reload(); return; }
        later(2000);
      })
      .catch(function () { later(10000); });
  }

  later(2000);
}());
