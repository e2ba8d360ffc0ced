(function () {
  var box = document.getElementById("queue");
  function refresh() {
    fetch(box.dataset.src, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (r) { if (r.redirected || !r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        if (html !== box.innerHTML) { box.innerHTML = html; }
        var count = box.querySelectorAll("tr[data-incident]").length;
        document.title = (count ? "(" + count + ") " : "") + "Approvals · pos-discrepancy";
      })
      .catch(function () { /* keep what is shown; try again next time */ });
  }
  setInterval(refresh, Number(box.dataset.refreshMs));
})();
