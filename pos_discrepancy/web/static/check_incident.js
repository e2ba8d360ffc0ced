(function () {
  // Ask every few seconds whether the manager has decided; swap the state in only when it
  // changed, so a manager's PIN being typed into the box below is never wiped.
  var box = document.getElementById("check-state");
  var timer = setInterval(function () {
    fetch(box.dataset.src, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (r) { if (r.redirected || !r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var fresh = document.createElement("template");
        fresh.innerHTML = html.trim();
        var now = fresh.content.firstElementChild;
        var shown = box.firstElementChild;
        if (!now || !shown || now.dataset.status === shown.dataset.status) { return; }
        box.innerHTML = html;
        document.title = now.dataset.title + " · pos-discrepancy";
        if (now.dataset.status !== "awaiting_approval") { clearInterval(timer); }
      })
      .catch(function () { /* keep what is shown; try again next time */ });
  }, Number(box.dataset.refreshMs));
})();
