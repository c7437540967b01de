// Similar innovations while a proposal is typed: asks the server after a pause, never blocks typing, and drops
// answers to questions no longer asked (an older, slower reply must not replace a newer one).
(function () {
  "use strict";
  var panel = document.querySelector("[data-similar]");
  if (!panel || !window.fetch) { return; }
  var list = panel.querySelector("[data-similar-list]");
  var fields = ["title", "summary", "background"].map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  var timer = null;
  var inflight = null;

  function render(items) {
    list.replaceChildren();
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "mb-2";
      var link = document.createElement("a");
      link.href = item.url; link.textContent = item.title; link.target = "_blank"; link.rel = "noopener";
      var meta = document.createElement("div");
      meta.className = "small text-muted";
      meta.textContent = item.unit + " · " + item.stage;
      li.append(link, meta);
      if (item.replicate_url) {
        var replicate = document.createElement("a");
        replicate.href = item.replicate_url; replicate.className = "small";
        replicate.textContent = list.dataset.replicateLabel;
        meta.append(" · ", replicate);
      }
      list.append(li);
    });
    panel.classList.toggle("d-none", items.length === 0);
  }

  function ask() {
    var params = new URLSearchParams();
    fields.forEach(function (field) { params.set(field.id, field.value.slice(0, 2000)); });
    if (panel.dataset.exclude) { params.set("exclude", panel.dataset.exclude); }
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    fetch(panel.dataset.url + "?" + params.toString(), {
      signal: inflight.signal, headers: { "Accept": "application/json" }, credentials: "same-origin",
      redirect: "manual"  // a session that ended must not be sent through the login page (and its flash message)
    })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (data) { render(data.items || []); })
      .catch(function (error) { if (error.name !== "AbortError") { render([]); } });
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 500);
    });
  });
  if (fields.some(function (field) { return field.value.trim(); })) { ask(); }
})();
