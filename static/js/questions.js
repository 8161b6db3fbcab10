// Questions of a questions module: a question whose condition holds appears at once, one that
// no longer holds disappears (its answer stays stored, and the server leaves it out); an
// exclusive answer ("none") clears the others; "don't know" empties the number.
// Loaded before answering.js, so the autosave reads the inputs as corrected here.
(() => {
  const form = document.getElementById("answer-form");
  if (!form) return;

  const valuesOf = (key) => {
    const fieldset = form.querySelector(`fieldset[data-field="${key}"]`);
    if (!fieldset || fieldset.hidden) return [];
    return [...fieldset.querySelectorAll(`[name="${key}"]`)]
      .filter((i) => (i.type === "checkbox" || i.type === "radio" ? i.checked : true))
      .map((i) => i.value.trim())
      .filter(Boolean);
  };

  const holds = (fieldset) => {
    const values = valuesOf(fieldset.dataset.showIf);
    const expected = fieldset.dataset.value;
    if (fieldset.dataset.op === "includes") return values.includes(expected);
    if (fieldset.dataset.op === "equals") return values.length > 0 && values[0] === expected;
    if (fieldset.dataset.op === "differs") return values.length > 0 && values[0] !== expected;
    return false;
  };

  const update = () => {
    // Twice, so that a condition on a question that itself just appeared settles too.
    for (let round = 0; round < 2; round += 1) {
      form.querySelectorAll("fieldset[data-show-if]").forEach((fieldset) => {
        fieldset.hidden = !holds(fieldset);
      });
    }
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type === "checkbox" && input.checked && input.name) {
      const boxes = form.querySelectorAll(`input[type=checkbox][name="${input.name}"]`);
      boxes.forEach((box) => {
        if (box === input) return;
        if ("exclusive" in input.dataset || "exclusive" in box.dataset) box.checked = false;
      });
    }
    if ("dontKnow" in input.dataset) {
      const number = form.querySelector(`input[type=text][name="${input.name}"]`);
      if (number) {
        number.disabled = input.checked;
        if (input.checked) number.value = "";
      }
    }
    update();
  });
  update();
})();
