// The page view's comfort, never needed to read: fit the hotspot overlay to the page image once
// it has loaded, and label the regions when it cannot be loaded. No inline script (CSP).
"use strict";
(function () {
  function fit(sheet, img, svg) {
    var nw = img.naturalWidth, nh = img.naturalHeight;
    if (!nw || !nh || svg.dataset.sized === "stored") return;
    var ext = (svg.dataset.extent || "").split(" ").map(Number);
    var ew = ext[0], eh = ext[1];
    if (!ew || !eh) return;
    // The coords are in the size the source page displays the image at: the natural size when
    // they fit in it and cover most of it, else the image scaled to hold them all.
    var s = Math.max(ew / nw, eh / nh);
    var w = nw, h = nh;
    if (!(ew <= nw * 1.01 && eh <= nh * 1.01 && s >= 0.8)) { w = nw * s; h = nh * s; }
    svg.setAttribute("viewBox", "0 0 " + w.toFixed(1) + " " + h.toFixed(1));
  }
  function broken(sheet) { sheet.classList.add("no-scan"); }
  document.querySelectorAll(".sheet").forEach(function (sheet) {
    var img = sheet.querySelector("img.scan"), svg = sheet.querySelector("svg.hotspots");
    if (!img || !svg) return;
    img.addEventListener("load", function () { fit(sheet, img, svg); });
    img.addEventListener("error", function () { broken(sheet); });
    if (img.complete) { if (img.naturalWidth) fit(sheet, img, svg); else broken(sheet); }
  });
})();
// A thumbnail that cannot be loaded shows its page number instead of a broken image.
document.querySelectorAll(".thumb img").forEach(function (img) {
  function blank() {
    var span = document.createElement("span");
    span.className = "blank";
    span.textContent = (img.getAttribute("alt") || "").replace(/^page /, "");
    img.replaceWith(span);
  }
  img.addEventListener("error", blank);
  if (img.complete && !img.naturalWidth) blank();
});
