// InnoLab: keeps the navbar bell's unread count current. Without this file the count is right at each page load.
(function () {
  "use strict";
  var bell = document.querySelector("[data-notification-bell]");
  if (!bell || !window.fetch) { return; }
  var badge = bell.querySelector("[data-unread-badge]");
  var announcer = document.querySelector("[data-unread-announcer]");
  var shown = parseInt(badge.textContent, 10) || 0;
  var PERIOD_MS = 60000;

  function show(data) {
    var count = parseInt(data.count, 10) || 0;
    badge.textContent = String(count);
    badge.classList.toggle("d-none", count === 0);
    bell.setAttribute("aria-label", data.label);
    // Speak up only when something new arrived, not on every poll.
    if (announcer && count > shown) { announcer.textContent = data.label; }
    shown = count;
  }

  function refresh() {
    if (document.hidden) { return; }
    fetch(bell.dataset.countUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { show(data); } })
      .catch(function () { /* offline or signed out: keep the last count */ });
  }

  window.setInterval(refresh, PERIOD_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
})();
