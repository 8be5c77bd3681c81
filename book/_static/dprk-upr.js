// Tables that are wider than their box scroll sideways (div.dprk-scroll); a note above such a
// box says so, since a phone shows no scroll bar until the reader swipes. Re-checked on resize.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("div.dprk-scroll").forEach(function (box) {
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("dprk-scroll-hint");
      var scrolls = box.scrollWidth > box.clientWidth + 2;
      if (scrolls && !has) {
        hint = document.createElement("p");
        hint.className = "dprk-scroll-hint";
        hint.textContent = "The table is wider than the screen: swipe or scroll it sideways \u2192";
        box.parentNode.insertBefore(hint, box);
      } else if (!scrolls && has) {
        hint.remove();
      }
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(mark, 200);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
