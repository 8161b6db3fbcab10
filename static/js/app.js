// Small progressive enhancements; every page works without JavaScript.
document.querySelectorAll("[data-autosubmit]").forEach((el) => {
  el.addEventListener("change", () => el.form.submit());
});

// Wide tables scroll inside their own box instead of widening the page (phones, long
// labels). A box that scrolls can be focused, so keyboard users can scroll it too.
const tableBoxes = [];
document.querySelectorAll("main table").forEach((table) => {
  let box = table.parentElement;
  if (!box.classList.contains("table-responsive")) {
    box = document.createElement("div");
    box.className = "table-responsive";
    table.replaceWith(box);
    box.appendChild(table);
  }
  tableBoxes.push(box);
});
const markScrollable = () => {
  tableBoxes.forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      // The region is named as its table: by the caption, or by the heading that titles it.
      const caption = box.querySelector("caption");
      const heading = document.getElementById(box.querySelector("table").getAttribute("aria-labelledby"));
      const name = caption || heading;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name ? name.textContent.trim() : document.title);
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
};
markScrollable();
window.addEventListener("resize", markScrollable);
