(function () {
  // The terminal prompt's keys at the till: 1-9 take that option, Esc goes back to the
  // price check. Typing into a box (none on this page today) is left alone.
  var form = document.querySelector("form.check-options");
  if (!form) { return; }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.altKey || event.metaKey ||
        (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA"))) { return; }
    if (event.key === "Escape") {
      event.preventDefault();
      window.location.assign(form.dataset.back);
      return;
    }
    if (/^[1-9]$/.test(event.key)) {
      var button = form.querySelector('button[data-key="' + event.key + '"]:not([disabled])');
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });
})();
