// Suggestions of entity names as you type. The page works without this file.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list || !window.fetch) { return; }
  var active = -1, timer = null, items = [];
  var kinds = {};  // kind names in the page's language, from the template
  try { kinds = JSON.parse(list.getAttribute("data-kinds") || "{}"); } catch (e) { kinds = {}; }

  function lastWord(value) {
    var m = value.match(/([^\s]+)$/);
    return m ? m[1] : "";
  }
  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(i) {
    items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
    active = i;
    if (i >= 0) { input.setAttribute("aria-activedescendant", items[i].id); }
  }
  function choose(i) {
    var name = items[i].getAttribute("data-name");
    var value = input.value;
    input.value = value.slice(0, value.length - lastWord(value).length) + name;
    close();
    input.focus();
  }
  function show(suggestions) {
    close();
    if (!suggestions.length) { return; }
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-name", s.name);
      li.textContent = s.name;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[s.kind] || s.kind;
      li.appendChild(kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
      items.push(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var word = lastWord(input.value);
    if (word.length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch("/api/suggest?q=" + encodeURIComponent(word))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (lastWord(input.value) === word) { show(data.suggestions || []); } })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden || !items.length) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
}());

// "Copy citation": the citation text is on the page either way; the button only saves the selecting.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var label = button.textContent;
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
}());
