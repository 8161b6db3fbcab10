// Accessible names Django's admin widgets lack (axe-core: label, aria-prohibited-attr,
// aria-input-field-name, scrollable-region-focusable).
document.addEventListener("DOMContentLoaded", () => {
  const nameOf = (input) => {
    const row = input.closest(".form-row, .fieldBox, td");
    const label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:$/, "").trim() : input.name;
  };
  // Split date/time widgets: one <label> for two inputs.
  document.querySelectorAll("input.vDateField, input.vTimeField").forEach((input) => {
    if (!input.labels || input.labels.length === 0) {
      const part = input.classList.contains("vDateField") ? "date" : "time";
      input.setAttribute("aria-label", `${nameOf(input)} (${part})`);
    }
  });
  // The filter-horizontal widget's help icon carries an aria-label on a role-less span. The
  // widget is built on the window's load event (SelectFilter2.js, whose handler runs first).
  const nameHelpIcons = () => {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  };
  nameHelpIcons();
  window.addEventListener("load", nameHelpIcons);
  // Scrollable inline tables can be reached and scrolled with the keyboard.
  document.querySelectorAll(".inline-group .tabular").forEach((region) => {
    region.tabIndex = 0;
  });
  // select2 (autocomplete fields) builds its combobox after load: name it from the select.
  const nameComboboxes = () => {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach((box) => {
      const select = box.closest(".select2")?.previousElementSibling;
      if (select && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", nameOf(select));
    });
    document.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach((text) => {
      const box = text.closest(".select2-selection");
      if (box && !text.hasAttribute("aria-label")) {
        text.setAttribute("aria-label", box.getAttribute("aria-label") || "");
      }
    });
  };
  nameComboboxes();
  window.setTimeout(nameComboboxes, 0);
});
