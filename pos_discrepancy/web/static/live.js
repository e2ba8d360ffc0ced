// Live refresh (see pos_discrepancy/web/pages/live.py): ask the server's change counter
// every data-poll-ms; fetch the fragment (data-src) only when it moved, or every
// data-refresh-ms anyway, and hand it to onFragment. Nothing else is ever reloaded, so a
// PIN being typed next to the live part is never wiped.
window.posdiscLive = function (box, onFragment) {
  var version = Number(box.dataset.version);
  var fetched = Date.now();
  var busy = false;
  function get(url, kind) {
    return fetch(url, {credentials: "same-origin", cache: "no-store",
                       headers: {"Accept": kind === "json" ? "application/json" : "text/html"}})
      .then(function (r) {
        if (r.redirected || !r.ok) { throw new Error(r.status); }
        return kind === "json" ? r.json() : r.text();
      });
  }
  function tick() {
    if (busy) { return; }
    busy = true;
    get(box.dataset.live, "json")
      .then(function (data) {
        var stale = Date.now() - fetched > Number(box.dataset.refreshMs);
        if (data.version === version && !stale) { return null; }
        var seen = data.version;
        return get(box.dataset.src, "html").then(function (html) {
          version = seen;
          fetched = Date.now();
          return onFragment(html);
        });
      })
      .catch(function () { /* keep what is shown; try again next time */ })
      .then(function (done) {
        busy = false;
        if (done === "stop") { clearInterval(timer); }
      });
  }
  var timer = setInterval(tick, Number(box.dataset.pollMs));
};
