// Pressroom admin: small progressive enhancements. Everything works
// without this script.
"use strict";
document.addEventListener("submit", function (e) {
  // Forms that destroy something ask first.
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
