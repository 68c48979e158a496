// 打印 / 关闭 on item pages (progressive enhancement: without script the buttons stay hidden and
// the 打印本页 link opens the print layout). No inline script: CSP allows only our own files.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-close-window]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.close();
      // A tab the visitor opened is not closable by script: go back, or to the site's home page.
      window.setTimeout(function () {
        if (window.history.length > 1) { window.history.back(); } else { window.location.assign("/"); }
      }, 150);
    });
  });
})();
