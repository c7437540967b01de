// "Cetak profil": the browser's print dialog; print.css lays the profile out on A4.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
