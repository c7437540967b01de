// Upload forms marked data-upload-progress="<id of the progress box>": the file is sent with XMLHttpRequest so
// a progress bar can show how much has been uploaded, then the page the server answers with replaces this one's
// main content. Without this script the form posts normally and the server's page simply loads.
(function () {
  "use strict";
  if (!window.FormData || !window.XMLHttpRequest) { return; }

  function bind(root) {
    root.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
      form.addEventListener("submit", function (event) { send(form, event); });
    });
  }

  function withoutHash(url) { return String(url).split("#")[0]; }

  // app.js keeps the clicked button as a hidden input; take such copies away again before another try.
  function forgetClickedButton(form) {
    var names = Array.prototype.map.call(form.querySelectorAll("[type=submit][name]"), function (b) { return b.name; });
    form.querySelectorAll("input[type=hidden]").forEach(function (input) {
      if (names.indexOf(input.name) !== -1) { input.remove(); }
    });
    delete form.dataset.submitting;
    form.querySelectorAll("[type=submit]").forEach(function (b) { b.disabled = false; });
  }

  function send(form, event) {
    if (event.defaultPrevented) { return; } // app.js refused a second click
    var input = form.querySelector("input[type=file]");
    var box = document.getElementById(form.dataset.uploadProgress);
    if (!box || !input || !input.files || !input.files.length) { return; } // the server explains what is missing
    event.preventDefault();
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var clicked = event.submitter;
    if (clicked && clicked.name && !form.querySelector('input[type=hidden][name="' + clicked.name + '"]')) {
      var carrier = document.createElement("input"); // which button was pressed: "check only" or "import"
      carrier.type = "hidden"; carrier.name = clicked.name; carrier.value = clicked.value;
      form.appendChild(carrier);
    }
    var data = new FormData(form);
    form.querySelectorAll("[type=submit]").forEach(function (b) { b.disabled = true; });
    box.hidden = false;
    bar.value = 0;
    text.textContent = box.dataset.uploading.replace("{percent}", "0");

    var action = form.action || window.location.href;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", action);
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      text.textContent = box.dataset.uploading.replace("{percent}", String(percent));
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the server checks and imports the rows
      text.textContent = box.dataset.processing;
    });
    xhr.addEventListener("load", function () { show(xhr, form, action); });
    function failed() {
      bar.value = 0;
      text.textContent = box.dataset.failed;
      forgetClickedButton(form);
    }
    xhr.addEventListener("error", failed);
    xhr.addEventListener("abort", failed);
    xhr.send(data);
  }

  function show(xhr, form, action) {
    if (xhr.responseURL && withoutHash(xhr.responseURL) !== withoutHash(action)) {
      window.location.assign(xhr.responseURL); // sent elsewhere, e.g. to sign in again
      return;
    }
    var doc = xhr.response;
    var incoming = doc && doc.getElementById ? doc.getElementById("main") : null;
    var current = document.getElementById("main");
    if (!incoming || !current) {
      form.submit(); // an answer we cannot place: post the form (with its pressed button) the ordinary way
      return;
    }
    var main = document.importNode(incoming, true);
    current.replaceWith(main);
    if (doc.title) { document.title = doc.title; }
    bind(main);
    var focus = main.querySelector("[data-error-summary]") || main.querySelector("[data-testid=import-report]") || main;
    if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); }
    focus.focus();
  }

  bind(document);
})();
