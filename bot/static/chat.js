// mobi web chat: plain JS, no dependencies. Bot messages land in an aria-live log.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const persona = document.getElementById("persona");
  const error = document.getElementById("error");

  function add(who, text, lang) {
    const item = document.createElement("div");
    item.className = "msg " + (who === "mobi" ? "bot" : "me");
    if (lang) item.lang = lang;
    const name = document.createElement("span");
    name.className = "who";
    name.textContent = who === "mobi" ? "mobi" : "Sie";
    item.appendChild(name);
    item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function addOptions(item, options) {
    if (!options.length) return;
    const group = document.createElement("div");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Antwortmöglichkeiten");
    options.forEach(function (option) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "option";
      button.textContent = option.label;
      button.addEventListener("click", function () { send(option.value, option.label); });
      group.appendChild(button);
    });
    item.appendChild(group);
  }

  function show(replies) {
    replies.forEach(function (reply) {
      addOptions(add("mobi", reply.text, reply.language), reply.options || []);
    });
  }

  // Answers that arrive between one's own messages (a help-desk agent, an announcement).
  let sending = false;
  async function poll() {
    if (sending || document.hidden || !persona || !persona.value) return;
    try {
      const response = await fetch("/api/chat/updates", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ as: persona.value }),
      });
      if (response.ok) show((await response.json()).replies);
    } catch (e) { /* offline for a moment: the next poll tries again */ }
  }
  setInterval(poll, 4000);

  async function send(text, shown) {
    sending = true;
    error.hidden = true;
    add("me", shown || text);
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ as: persona ? persona.value : "", text: text }),
      });
      if (!response.ok) throw new Error(await response.text());
      show((await response.json()).replies);
    } catch (e) {
      error.textContent = "Die Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es erneut. (" + e.message + ")";
      error.hidden = false;
    }
    sending = false;
    input.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  if (persona) persona.addEventListener("change", function () { log.innerHTML = ""; input.focus(); });
})();
