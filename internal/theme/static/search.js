// search.js offers titles of articles while a reader types in a search box
// that names a JSON endpoint in data-suggest, as a list of links under it
// (the ARIA combobox pattern: the arrow keys move through the list, Enter
// opens the article, Escape closes the list). Without it, a search box is
// a plain form and loses nothing.
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  document.querySelectorAll("input[data-suggest]").forEach(enhance);

  function enhance(input) {
    input.setAttribute("autocomplete", "off");
    var endpoint = input.getAttribute("data-suggest");
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggest";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var timer = 0;
    var asked = 0; // answers to older questions are dropped
    var active = -1; // the highlighted option, or -1 for none

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show(items) {
      close();
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = s.url;
        a.textContent = s.title;
        a.tabIndex = -1;
        li.appendChild(a);
        list.appendChild(li);
      });
      if (items.length > 0) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function move(step) {
      var n = list.children.length;
      if (active >= 0) {
        list.children[active].setAttribute("aria-selected", "false");
      }
      active += step;
      if (active < -1) {
        active = n - 1;
      } else if (active >= n) {
        active = -1;
      }
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var li = list.children[active];
      li.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", li.id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value;
      if (q.trim().length < 2) {
        close();
        return;
      }
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { data: [] }; })
          .then(function (body) {
            if (mine === asked && document.activeElement === input) {
              show(body.data || []);
            }
          })
          .catch(close);
      }, 150);
    });

    input.addEventListener("keydown", function (e) {
      if (list.hidden) {
        return;
      }
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        move(e.key === "ArrowDown" ? 1 : -1);
      } else if (e.key === "Escape") {
        close();
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.href = list.children[active].firstChild.href;
      }
    });

    input.addEventListener("blur", close);
    // Keep the focus in the box while a suggestion is clicked, so that the
    // list is still there when the click lands.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  }
})();
