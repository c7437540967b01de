// InnoLab: progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The language selector submits itself; its button is only for browsers without JS.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Move focus to the error summary so keyboard and screen-reader users hear that the form needs fixing.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A double click must not submit twice: the first submit disables the form's buttons.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting) { event.preventDefault(); return; }
      form.dataset.submitting = "1";
      // Keep the clicked button's name/value, which a disabled button would not send.
      var clicked = event.submitter;
      if (clicked && clicked.name) {
        var carrier = document.createElement("input");
        carrier.type = "hidden"; carrier.name = clicked.name; carrier.value = clicked.value;
        form.appendChild(carrier);
      }
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
  });

  // Live word count for fields with a word limit.
  document.querySelectorAll("[data-word-limit]").forEach(function (field) {
    var limit = parseInt(field.dataset.wordLimit, 10);
    var output = document.querySelector('[data-word-count-for="' + field.id + '"]');
    if (!output) { return; }
    var template = output.dataset.template || "{n} / {limit}";
    function update() {
      var words = field.value.trim() ? field.value.trim().split(/\s+/).length : 0;
      output.textContent = template.replace("{n}", words).replace("{limit}", limit);
      output.classList.toggle("text-danger", words > limit);
    }
    field.addEventListener("input", update);
    update();
  });

  // Typed text survives a failed save or an expired session: it is kept in this browser until a save succeeds.
  var form = document.querySelector("form[data-autosave]");
  if (form && window.localStorage) {
    var key = "innolab:" + form.dataset.autosave;
    var banner = document.querySelector("[data-restore-banner]");
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    var fields = form.querySelectorAll("input[type=text], input[type=date], input:not([type]), textarea");
    function snapshot() {
      var data = {};
      fields.forEach(function (f) { if (f.name) { data[f.name] = f.value; } });
      return data;
    }
    var differs = saved && Object.keys(saved).some(function (name) {
      var f = form.elements[name]; return f && f.value !== saved[name];
    });
    if (document.querySelector(".alert-success")) {
      localStorage.removeItem(key);  // the server confirmed the save
      localStorage.removeItem("innolab:proposal-new");
    } else if (differs && banner) {
      banner.classList.remove("d-none");
      banner.querySelector("[data-restore]").addEventListener("click", function () {
        Object.keys(saved).forEach(function (name) { var f = form.elements[name]; if (f) { f.value = saved[name]; } });
        banner.classList.add("d-none");
      });
      banner.querySelector("[data-discard]").addEventListener("click", function () {
        localStorage.removeItem(key); banner.classList.add("d-none");
      });
    }
    form.addEventListener("input", function () { localStorage.setItem(key, JSON.stringify(snapshot())); });
  }
})();
