// InnoLab rubric editor: live weight total and moving criteria up and down. The page works without it:
// the position numbers order the criteria and the server reports the weight total.
(function () {
  "use strict";
  var form = document.querySelector("form[data-rubric-editor]");
  if (!form) { return; }
  var list = form.querySelector("[data-criteria]");
  var total = form.querySelector("[data-weight-total]");

  function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-criterion-row]")); }

  function updateTotal() {
    var sum = 0;
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value)) { sum += value; }
    });
    total.textContent = String(sum);
    total.classList.toggle("text-danger", sum !== 100);
  }

  function renumber() {
    rows().forEach(function (row, index) {
      row.querySelector("input[data-position]").value = String(index + 1);
      row.querySelector("[data-row-number]").textContent = String(index + 1);
    });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) { return; }
    var row = button.closest("[data-criterion-row]");
    if (button.dataset.move === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    button.focus();  // keep the keyboard user on the button they pressed
  });
  form.addEventListener("input", function (event) {
    if (event.target.matches("input[data-weight]")) { updateTotal(); }
  });
  updateTotal();
})();
