// The idle session's warning (core/idle.py): a few minutes before the session would end, a polite
// live region offers "Stay signed in"; the button's form is posted in the background and the end
// time moves on. Without JavaScript the page already says when the session ends.
(function () {
  "use strict";
  var box = document.getElementById("session-status");
  var template = document.getElementById("session-warning-template");
  if (!box || !template || !window.fetch) return;
  var region = box.querySelector(".session-warning");
  var endTime = box.querySelector(".session-end time");
  var WARN_MS = 5 * 60 * 1000;
  var timers = [];

  function clear() {
    timers.forEach(clearTimeout);
    timers = [];
  }

  function show(kind) {
    region.textContent = "";
    var content = template.content.cloneNode(true);
    var text = content.querySelector(".session-warning-text");
    text.textContent = text.getAttribute(kind === "ended" ? "data-ended" : "data-soon");
    if (kind === "ended") {
      content.querySelector("form").remove();
    } else {
      content.querySelector("form").addEventListener("submit", keep);
    }
    region.appendChild(content);
  }

  function schedule(endsAt) {
    clear();
    var left = new Date(endsAt).getTime() - Date.now();
    var warnAt = Math.max(left - Math.min(WARN_MS, left / 2), 0);
    timers.push(setTimeout(function () { show("soon"); }, warnAt));
    timers.push(setTimeout(function () { show("ended"); }, Math.max(left, 0)));
  }

  function keep(event) {
    var form = event.target;
    event.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      region.textContent = "";
      endTime.textContent = data.ends_at_text;
      endTime.setAttribute("datetime", data.ends_at);
      box.setAttribute("data-ends", data.ends_at);
      schedule(data.ends_at);
    }).catch(function () { form.submit(); });  // the plain form: the server decides
  }

  schedule(box.getAttribute("data-ends"));
})();
