(function () {
  // Learn the manager's answer live; swap the state in only when it changed, so a
  // manager's PIN being typed into the box below is never wiped.
  var box = document.getElementById("check-state");
  window.posdiscLive(box, function (html) {
    var fresh = document.createElement("template");
    fresh.innerHTML = html.trim();
    var now = fresh.content.firstElementChild;
    var shown = box.firstElementChild;
    if (!now || !shown || now.dataset.status === shown.dataset.status) { return null; }
    box.innerHTML = html;
    document.title = now.dataset.title + " · pos-discrepancy";
    return now.dataset.status === "awaiting_approval" ? null : "stop";
  });
})();
