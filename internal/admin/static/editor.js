// Pressroom article editor: toolbar and shortcuts, image uploads (button
// and drag and drop), word count, byline ordering, local times for the
// schedule, autosave, live preview, and a warning before leaving with
// unsaved changes. The form works without any of it.
"use strict";
(function () {
  var form = document.getElementById("article-form");
  var csrf = document.body.getAttribute("data-csrf") || "";

  // Times shown in UTC by the server are shown in the reader's zone.
  document.querySelectorAll("time[data-local]").forEach(function (t) {
    var d = new Date(t.getAttribute("datetime"));
    if (!isNaN(d)) t.textContent = d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  });

  // Forms' buttons that destroy something ask first (admin.js asks for
  // whole forms; here the button decides).
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-confirm]");
    if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
  });

  // Copy buttons.
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    var input = document.getElementById(b.getAttribute("data-copy"));
    b.hidden = false;
    b.addEventListener("click", function () {
      input.select();
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(function () { b.textContent = "Copied"; });
    });
  });

  var offer = document.querySelector("[data-autosave-offer]");
  if (offer) {
    var dismiss = offer.querySelector("[data-dismiss]");
    dismiss.addEventListener("click", function (e) { e.preventDefault(); offer.hidden = true; });
  }

  if (!form) return;
  var body = form.querySelector("#f-body");
  var title = form.querySelector("#f-title");
  var slug = form.querySelector("#f-slug");
  var dirty = false;
  var changedSinceAutosave = false;

  function markDirty() { dirty = true; changedSinceAutosave = true; scheduleAutosave(); scheduleLivePreview(); }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  // Warn before leaving with unsaved changes; saving is not leaving.
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
  document.addEventListener("submit", function (e) {
    var submitter = e.submitter;
    var previewing = submitter && submitter.hasAttribute("data-preview-button");
    if (e.target === form && !previewing && !e.defaultPrevented) {
      dirty = false;
      stopped = true; // no autosave may race the save with the same version
      clearTimeout(timer);
    }
  });

  // The slug's placeholder shows the one the title will give.
  function slugify(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  }
  if (title && slug) {
    var showSlug = function () { slug.placeholder = slugify(title.value); };
    title.addEventListener("input", showSlug);
    showSlug();
  }

  // --- toolbar
  var toolbar = form.querySelector("[data-toolbar]");
  function wrap(before, after, placeholder) {
    var s = body.selectionStart, e = body.selectionEnd;
    var text = body.value.slice(s, e) || placeholder;
    body.setRangeText(before + text + after, s, e, "end");
    body.setSelectionRange(s + before.length, s + before.length + text.length);
    body.focus();
    markDirty();
  }
  function prefixLines(prefix) {
    var v = body.value, s = body.selectionStart, e = body.selectionEnd;
    var start = v.lastIndexOf("\n", s - 1) + 1;
    var lines = v.slice(start, e).split("\n");
    var out = lines.map(function (l, i) {
      return (typeof prefix === "function" ? prefix(i) : prefix) + l;
    }).join("\n");
    // A selection stays selected; a bare cursor goes on after the prefix,
    // so that typing continues the line.
    body.setRangeText(out, start, e, s === e ? "end" : "select");
    body.focus();
    markDirty();
  }
  function insert(text) {
    var s = body.selectionStart;
    var lead = s > 0 && body.value[s - 1] !== "\n" ? "\n\n" : "";
    body.setRangeText(lead + text + "\n", s, body.selectionEnd, "end");
    body.focus();
    markDirty();
  }
  var actions = {
    bold: function () { wrap("**", "**", "bold text"); },
    italic: function () { wrap("*", "*", "italic text"); },
    link: function () {
      var url = window.prompt("Link address (https://…)", "https://");
      if (url) wrap("[", "](" + url + ")", "link text");
    },
    quote: function () { prefixLines("> "); },
    heading: function () { prefixLines("## "); },
    ul: function () { prefixLines("- "); },
    ol: function () { prefixLines(function (i) { return (i + 1) + ". "; }); },
    image: function () { pickFile(function (f) { uploadInto(f); }); }
  };
  if (toolbar && body) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-md]");
      if (b) actions[b.getAttribute("data-md")]();
    });
    body.addEventListener("keydown", function (e) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      var k = e.key.toLowerCase();
      var name = { b: "bold", i: "italic", k: "link" }[k];
      if (name) { e.preventDefault(); actions[name](); }
    });
  }

  // --- uploads, through the media library
  var state = form.querySelector("[data-save-state]");
  function say(msg, failed) {
    if (!state) return;
    state.textContent = msg;
    state.classList.toggle("failed", !!failed);
  }
  function upload(file) {
    var fd = new FormData();
    fd.append("file", file);
    fd.append("csrf", csrf);
    return fetch("/admin/media", { method: "POST", body: fd, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf } })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) throw new Error((j.error && j.error.message) || r.statusText);
          return j;
        });
      });
  }
  function altOf(file) { return file.name.replace(/\.[a-z0-9]+$/i, "").replace(/[-_]+/g, " "); }
  function uploadInto(file) {
    say("Uploading " + file.name + "…");
    upload(file).then(function (m) {
      insert("![" + (m.alt || altOf(file)) + "](" + m.url + ")");
      say("Uploaded " + file.name + ".");
    }).catch(function (err) { say("Upload failed: " + err.message, true); });
  }
  function pickFile(then) {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png,image/gif,image/webp";
    input.addEventListener("change", function () { if (input.files[0]) then(input.files[0]); });
    input.click();
  }
  if (body) {
    body.addEventListener("dragover", function (e) {
      if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) {
        e.preventDefault();
        body.classList.add("dragging");
      }
    });
    body.addEventListener("dragleave", function () { body.classList.remove("dragging"); });
    body.addEventListener("drop", function (e) {
      body.classList.remove("dragging");
      var files = e.dataTransfer && e.dataTransfer.files;
      if (!files || !files.length) return;
      e.preventDefault();
      Array.prototype.forEach.call(files, function (f) { if (/^image\//.test(f.type)) uploadInto(f); });
    });
  }
  // The featured image: the button opens the file input, and a chosen
  // file is uploaded, its address put in the field and shown.
  var imgButton = form.querySelector("[data-image-upload]");
  var imgFile = form.querySelector("[data-image-file]");
  var imgSrc = form.querySelector("#f-image-src");
  if (imgButton && imgFile && imgSrc) {
    imgButton.hidden = false;
    imgButton.addEventListener("click", function () { imgFile.click(); });
    imgFile.addEventListener("change", function () {
      var f = imgFile.files[0];
      if (!f) return;
      say("Uploading " + f.name + "…");
      upload(f).then(function (m) {
        imgSrc.value = m.url;
        var thumb = form.querySelector("[data-image-thumb]");
        if (!thumb) {
          thumb = document.createElement("img");
          thumb.className = "thumb";
          thumb.alt = "";
          thumb.setAttribute("data-image-thumb", "");
          imgSrc.closest("fieldset").querySelector("legend").after(thumb);
        }
        thumb.src = m.url;
        var alt = form.querySelector("#f-image-alt");
        if (!alt.value && m.alt) alt.value = m.alt;
        say("Uploaded " + f.name + ". Describe the image in its alternative text.");
        imgFile.value = "";
        markDirty();
      }).catch(function (err) { say("Upload failed: " + err.message, true); });
    });
  }

  // --- word count, rounded as the public page rounds reading time
  var words = form.querySelector("[data-words]"), minutes = form.querySelector("[data-minutes]");
  function count() {
    var text = body.value
      .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[#>*_`~|-]+/g, " ");
    var n = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu) || []).length;
    words.textContent = n;
    minutes.textContent = Math.max(1, Math.ceil(n / 230));
  }
  if (body && words) body.addEventListener("input", count);

  // --- byline: an ordered list with add, remove, up and down
  var authorsInput = form.querySelector("[data-authors]");
  var pick = form.querySelector("[data-author-pick]");
  if (authorsInput && pick) {
    var names = {};
    Array.prototype.forEach.call(pick.options, function (o) { names[o.value] = o.textContent; });
    var widget = document.createElement("div");
    widget.className = "authors-widget";
    var list = document.createElement("ol");
    list.setAttribute("aria-label", "Byline");
    var add = document.createElement("div");
    add.className = "add";
    var select = document.createElement("select");
    select.id = "f-author-add";
    select.setAttribute("aria-label", "Author to add");
    var addButton = document.createElement("button");
    addButton.type = "button";
    addButton.textContent = "Add";
    add.append(select, addButton);
    widget.append(list, add);
    var slugs = function () { return authorsInput.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); };
    var set = function (byline) { authorsInput.value = byline.join(", "); markDirty(); render(); };
    var button = function (label, text, fn) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = text; b.setAttribute("aria-label", label);
      b.addEventListener("click", fn);
      return b;
    };
    var render = function () {
      var current = slugs();
      list.textContent = "";
      current.forEach(function (s, i) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = names[s] || s;
        li.append(name);
        var who = names[s] || s;
        if (i > 0) li.append(button("Move " + who + " up", "↑", function () { var c = slugs(); c.splice(i - 1, 0, c.splice(i, 1)[0]); set(c); }));
        if (i < current.length - 1) li.append(button("Move " + who + " down", "↓", function () { var c = slugs(); c.splice(i + 1, 0, c.splice(i, 1)[0]); set(c); }));
        li.append(button("Remove " + who, "✕", function () { var c = slugs(); c.splice(i, 1); set(c); }));
        list.append(li);
      });
      if (!current.length) {
        // An empty byline says so, rather than look like the first
        // author in the menu below were already in it.
        var none = document.createElement("li");
        none.className = "hint";
        none.textContent = "No byline yet: add at least one author before publishing.";
        list.append(none);
      }
      select.textContent = "";
      var placeholder = document.createElement("option");
      placeholder.value = ""; placeholder.textContent = "Choose an author…";
      select.append(placeholder);
      Object.keys(names).forEach(function (s) {
        if (current.indexOf(s) >= 0) return;
        var o = document.createElement("option");
        o.value = s; o.textContent = names[s];
        select.append(o);
      });
      add.hidden = select.options.length <= 1;
    };
    addButton.addEventListener("click", function () { if (select.value) set(slugs().concat([select.value])); });
    // The widget replaces the slug field and the multi-select; the field
    // stays in the form, hidden, as what is sent.
    var field = authorsInput.closest("fieldset");
    field.querySelectorAll("label, .hint, select[data-author-pick]").forEach(function (el) { el.hidden = true; });
    pick.disabled = true;
    authorsInput.type = "hidden";
    authorsInput.after(widget);
    render();
  }

  // --- schedule in the user's own time zone
  var sched = form.ownerDocument.querySelector("[data-schedule]");
  var schedUTC = form.ownerDocument.querySelector("[data-schedule-utc]");
  if (sched && schedUTC) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    if (sched.value) {
      var d = new Date(sched.value + "Z");
      if (!isNaN(d)) sched.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "your time";
    document.querySelector("[data-tz-label]").textContent = "(your time, " + zone + ")";
    document.querySelector("[data-schedule-hint]").textContent = "Stored in UTC; shown here in your time zone.";
    var toUTC = function () {
      var d = new Date(sched.value);
      schedUTC.value = sched.value && !isNaN(d) ? d.toISOString().replace(/\.\d+Z$/, "Z") : "";
    };
    sched.addEventListener("input", toUTC);
    sched.addEventListener("change", toUTC);
    toUTC();
  }

  // --- autosave, about 20 seconds after the last change
  var autosaveURL = form.getAttribute("data-autosave");
  var version = form.querySelector("input[name=version]");
  var timer = null, stopped = false, pendingSince = 0;
  // Saves 20 seconds after typing pauses, and at least once a minute
  // while it does not.
  function scheduleAutosave() {
    if (!autosaveURL || stopped) return;
    clearTimeout(timer);
    var now = Date.now();
    if (!pendingSince) pendingSince = now;
    timer = setTimeout(autosave, now - pendingSince > 60000 ? 0 : 20000);
  }
  function fields() {
    var out = {};
    new FormData(form).forEach(function (v, k) {
      if (k === "csrf" || k === "action" || typeof v !== "string") return;
      if (k.indexOf("terms.") === 0 || k === "author_pick") {
        (out[k] = out[k] || []).push(v);
      } else {
        out[k] = v;
      }
    });
    return out;
  }
  function autosave() {
    pendingSince = 0;
    if (!changedSinceAutosave) return;
    changedSinceAutosave = false;
    say("Saving…");
    fetch(autosaveURL, { method: "POST", credentials: "same-origin", body: JSON.stringify(fields()),
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf } })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) {
            if (r.status === 409) stopped = true;
            throw new Error((j.error && j.error.message) || r.statusText);
          }
          return j;
        });
      })
      .then(function (j) {
        version.value = j.version;
        var t = new Date(j.saved_at);
        say("Saved at " + t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
      })
      .catch(function (err) {
        changedSinceAutosave = true;
        say("Autosave failed: " + err.message, true);
      });
  }

  // --- live preview: the preview button posts the form into the frame
  var previewButton = document.querySelector("[data-preview-button]");
  var live = document.querySelector("[data-live-preview]");
  var liveLabel = document.querySelector("[data-live-preview-label]");
  var previewTimer = null;
  function scheduleLivePreview() {
    if (!live || !live.checked) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () { form.requestSubmit(previewButton); }, 1500);
  }
  if (live && previewButton) {
    live.hidden = false;
    liveLabel.hidden = false;
    live.checked = true;
    live.addEventListener("change", function (e) { e.stopPropagation(); if (live.checked) form.requestSubmit(previewButton); });
    form.requestSubmit(previewButton);
  }

  // --- notes: quote the selected passage of the body
  var quote = document.querySelector("[data-quote-selection]");
  var anchor = document.querySelector("[data-note-anchor]");
  if (quote && anchor && body) {
    quote.hidden = false;
    quote.addEventListener("click", function () {
      var s = body.value.slice(body.selectionStart, body.selectionEnd).trim();
      if (s) anchor.value = s;
      anchor.focus();
    });
  }
})();
