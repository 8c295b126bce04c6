// mobi admin console: a little plain JS. Focus the error summary or the status message after a
// submit, open and close confirmation dialogs (focus moves in and returns), poll a running training.
(function () {
  "use strict";

  var first = document.querySelector("[data-autofocus]");
  if (first) first.focus();

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-opens]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-opens"));
      dialog.returnFocusTo = opener;
      dialog.showModal();
      var target = dialog.querySelector("[autofocus]") || dialog.querySelector("button, [href], input, select, textarea");
      if (target) target.focus();
      return;
    }
    var closer = event.target.closest("[data-closes]");
    if (closer) closer.closest("dialog").close();
  });

  document.querySelectorAll("dialog").forEach(function (dialog) {
    dialog.addEventListener("close", function () {
      if (dialog.returnFocusTo) dialog.returnFocusTo.focus();
    });
  });

  var status = document.querySelector("[data-poll]");
  if (status) {
    var url = status.getAttribute("data-poll");
    var timer = setInterval(function () {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        if (data.state === "running") return;
        clearInterval(timer);
        status.textContent = data.state === "ready"
          ? "Das Training ist fertig. Das neue Modell wartet auf Ihre Bestätigung."
          : "Das Training ist beendet: " + data.label + ".";
        document.getElementById("training-done").hidden = false;
      }).catch(function () { /* the next tick tries again */ });
    }, 2000);
  }
})();
