// comments.js moves the comment form under the comment a reader answers,
// instead of reloading the page with ?reply=ID (which is what the Reply
// link does without scripts), and back to the end when they cancel.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) { return; }
  var home = document.createComment("comment-form");
  form.parentNode.insertBefore(home, form);
  var parent = form.querySelector("input[name=parent]");
  var heading = form.querySelector(".comment-form-heading");
  var cancel = form.querySelector(".comment-cancel");

  function answer(id, text, li) {
    parent.value = id;
    heading.textContent = text;
    cancel.hidden = false;
    li.appendChild(form);
    form.querySelector("#f-name").focus();
  }

  function reset() {
    parent.value = "0";
    heading.textContent = heading.getAttribute("data-new");
    cancel.hidden = true;
    home.parentNode.insertBefore(form, home.nextSibling);
    form.querySelector("#f-body").focus();
  }

  document.querySelectorAll("a.comment-reply").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      answer(a.getAttribute("data-parent"), a.getAttribute("data-heading"), a.closest("li.comment"));
    });
  });
  cancel.querySelector("a").addEventListener("click", function (e) {
    e.preventDefault();
    reset();
  });
})();
