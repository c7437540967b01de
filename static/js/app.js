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
})();
