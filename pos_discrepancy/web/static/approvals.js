(function () {
  var box = document.getElementById("queue");
  window.posdiscLive(box, function (html) {
    if (html !== box.innerHTML) { box.innerHTML = html; }
    var count = box.querySelectorAll("tr[data-incident]").length;
    document.title = (count ? "(" + count + ") " : "") + "Approvals · pos-discrepancy";
  });
})();
