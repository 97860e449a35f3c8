// Pressroom admin: media uploads by drag and drop. The upload form works
// without this script; with it, files dropped on the form (or chosen in
// it) upload one by one and the library reloads.
//
// The editor uses the same call: window.pressroomUpload(file, alt)
// returns a promise of the answer of POST /admin/media as JSON
// ({id, path, url, width, height, srcset, alt}), or rejects with an Error
// whose message is the server's ("photo.jpg is plain text …").
"use strict";
(function () {
  function csrf() { return document.body.getAttribute("data-csrf") || ""; }

  function upload(file, alt) {
    var body = new FormData();
    body.append("file", file, file.name);
    if (alt) body.append("alt", alt);
    return fetch("/admin/media", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() }
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) {
          var msg = (data.error && data.error.message) || ("Upload failed (" + res.status + ")");
          throw new Error(msg);
        }
        return data;
      });
    });
  }
  window.pressroomUpload = upload;

  var form = document.querySelector("form[data-media-upload]");
  if (!form) return;
  var status = form.querySelector(".media-status");
  var input = form.querySelector("input[type=file]");
  input.multiple = true;

  function uploadAll(files) {
    var list = Array.prototype.slice.call(files);
    var alt = form.querySelector("input[name=alt]").value;
    var failed = [];
    var done = 0;
    function next() {
      if (!list.length) {
        if (failed.length) {
          status.textContent = failed.join(" ");
          status.classList.add("field-error");
          if (done) setTimeout(function () { location.reload(); }, 4000);
        } else {
          location.reload();
        }
        return;
      }
      var f = list.shift();
      status.textContent = "Uploading " + f.name + "…";
      upload(f, alt).then(function () { done++; }, function (err) { failed.push(err.message); }).then(next);
    }
    next();
  }

  form.addEventListener("submit", function (e) {
    if (!input.files.length) return;
    e.preventDefault();
    uploadAll(input.files);
  });
  ["dragenter", "dragover"].forEach(function (t) {
    form.addEventListener(t, function (e) { e.preventDefault(); form.classList.add("dropping"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    form.addEventListener(t, function (e) { e.preventDefault(); form.classList.remove("dropping"); });
  });
  form.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) uploadAll(e.dataTransfer.files);
  });
})();
