// InnoLab readiness self-assessment: the score of the levels chosen in the form, before saving. The page works
// without it: the saved score is shown beside the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-readiness-form]");
  var output = document.querySelector("[data-live-score]");
  if (!form || !output) { return; }

  function levelOf(section) {
    var auto = section.querySelector("[data-auto-level]");
    if (auto) { return parseInt(auto.dataset.autoLevel, 10) || 0; }
    var checked = section.querySelector("input[type=radio]:checked");
    return checked ? (parseInt(checked.value, 10) || 0) : 0;
  }

  function update() {
    var sum = 0;
    form.querySelectorAll("[data-indicator]").forEach(function (section) {
      sum += (parseInt(section.dataset.weight, 10) || 0) * levelOf(section);
    });
    output.textContent = String(sum);
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=radio]")) { update(); }
  });
  update();
})();
