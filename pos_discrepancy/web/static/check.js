(function () {
  // A wedge scanner types digits + Enter into the SKU box: that Enter moves on to the tag
  // price, never sends the form. Elsewhere Enter sends only a complete form; otherwise it
  // goes to the first empty required box.
  var form = document.getElementById("check-form");
  // Typing over the box in focus (an empty SKU, or the value just refused) replaces it.
  var start = form.querySelector("[autofocus]");
  if (start) { start.focus(); start.select(); }
  form.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || box.tagName !== "INPUT") { return; }
    var empty = Array.prototype.filter.call(form.querySelectorAll("input[required]"),
      function (input) { return !input.value.trim(); });
    if (box.id === "sku") {
      event.preventDefault();
      if (!box.value.trim()) { return; }
      var next = empty[0] || document.getElementById("shelf_price");
      next.focus();
      next.select();
    } else if (empty.length) {
      event.preventDefault();
      empty[0].focus();
    }
  });
})();
