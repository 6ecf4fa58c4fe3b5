/* Progressive enhancement of the feedback pages: a character counter and only the chosen category's
   questions shown (the map is web/map.js). Without this file everything works. */
(function () {
  "use strict";

  function byId(id) { return id ? document.getElementById(id) : null; }

  function counter() {
    var area = byId("id_description"), out = byId("description-counter"), timer = null;
    if (!area || !out) { return; }
    function update() {
      out.textContent = out.dataset.template.replace("%(count)s", area.value.length).replace("%(max)s", out.dataset.max);
    }
    out.hidden = false;
    update();
    // The region is polite and updated after a pause, so a screen reader is not interrupted at every key.
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 700); });
  }

  function questions() {
    var groups = document.querySelectorAll(".question-group[data-category]");
    var radios = document.querySelectorAll('input[name="category"]');
    if (!groups.length) { return; }
    function show() {
      var chosen = document.querySelector('input[name="category"]:checked');
      Array.prototype.forEach.call(groups, function (g) { g.hidden = !chosen || g.dataset.category !== chosen.value; });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", show); });
    show();
  }

  function start() { counter(); questions(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
