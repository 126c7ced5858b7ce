// Chart tooltips: each hover target (.hit) carries its text as an SVG <title>, which works
// without JS; with JS the text moves into a styled box that follows the pointer.
(function () {
  for (const plot of document.querySelectorAll(".plot")) {
    const tip = plot.querySelector(".tip");
    for (const h of plot.querySelectorAll(".hit")) {
      const t = h.querySelector("title");
      if (t) { h.dataset.tip = t.textContent; t.remove(); }
    }
    let on = null;
    const hide = function () { tip.hidden = true; if (on) on.classList.remove("on"); on = null; };
    plot.addEventListener("pointermove", function (e) {
      const h = e.target.closest ? e.target.closest(".hit") : null;
      if (!h) { hide(); return; }
      if (on !== h) {
        if (on) on.classList.remove("on");
        on = h; h.classList.add("on");
        tip.textContent = h.dataset.tip; tip.hidden = false;
      }
      const r = plot.getBoundingClientRect();
      let x = e.clientX - r.left + 14;
      if (x + tip.offsetWidth > r.width) x = Math.max(0, e.clientX - r.left - tip.offsetWidth - 14);
      tip.style.left = x + "px";
      tip.style.top = (e.clientY - r.top + 14) + "px";
    });
    plot.addEventListener("pointerleave", hide);
  }
})();
