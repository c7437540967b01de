// Evidence forms: refuse a file over the size limit as soon as it is chosen, before a long upload that the
// server would refuse anyway. The server still checks size and content; this only saves the wait.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = parseInt(input.dataset.maxBytes, 10);
    var output = document.querySelector('[data-size-error-for="' + input.id + '"]');
    input.addEventListener("change", function () {
      var tooLarge = Array.prototype.some.call(input.files || [], function (file) { return file.size > limit; });
      if (output) { output.textContent = tooLarge ? input.dataset.tooLarge : ""; }
      input.classList.toggle("is-invalid", tooLarge);
      if (tooLarge) {
        input.value = "";
        input.setAttribute("aria-invalid", "true");
        input.focus();
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  });
})();
