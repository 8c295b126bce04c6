// mobi admin console, broadcast pages: the live recipient count while targeting, and the progress of a
// running broadcast. Without JS both still work: "Empfänger zählen" submits the form, a link reloads.
(function () {
  "use strict";

  var form = document.querySelector("form[data-count-url]");
  var count = document.getElementById("recipient-count");
  if (form && count) {
    var timer = null;
    var last = "";
    // only the target and the kind go into the URL: never the texts or the form's token
    var query = function () {
      var params = new URLSearchParams();
      form.querySelectorAll("#target input:checked, input[name=kind]:checked").forEach(function (input) {
        params.append(input.name, input.value);
      });
      return params.toString();
    };
    var refresh = function () {
      var q = query();
      if (q === last) return;
      last = q;
      fetch(form.getAttribute("data-count-url") + "?" + q, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { if (q === last) count.textContent = data.text; })
        .catch(function () { last = ""; });
    };
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  var progress = document.querySelector("[data-progress-url]");
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (progress && !calm) {
    var bar = document.getElementById("progress-bar");
    var note = document.getElementById("progress-auto");
    var poll = setInterval(function () {
      fetch(progress.getAttribute("data-progress-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          bar.max = data.deliverable || 1;
          bar.value = data.deliverable ? data.handled : 1;
          var text = data.text + " (" + data.label + ").";
          if (progress.textContent !== text) progress.textContent = text;
          if (data.status !== "sending") stop();
        })
        .catch(function () { /* the next tick tries again */ });
    }, 5000);
    var stop = function () {
      clearInterval(poll);
      note.hidden = true;
    };
    note.hidden = false;
    document.getElementById("progress-stop").addEventListener("click", stop);
  }
})();
