// Background saving of the answer sheet. Without JavaScript the Save button posts the whole form.
// Every change is posted with the value the page showed for it (`base`), so the server can tell
// a change made elsewhere (another tab, a colleague) from our own and report a conflict.
(() => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false; // without JavaScript the page says to use the browser's Print
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("[data-print-hint]").forEach((hint) => {
    hint.hidden = true;
  });

  // The matrix column headers stick just below the (sticky) progress line, whatever its height.
  const progressLine = document.querySelector(".progress-line");
  if (progressLine && window.ResizeObserver) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty(
        "--progress-height",
        `${progressLine.getBoundingClientRect().height}px`,
      );
    }).observe(progressLine);
  }

  const form = document.getElementById("answer-form");
  if (!form || !form.dataset.autosaveUrl) return;
  const url = form.dataset.autosaveUrl;
  const texts = JSON.parse(document.getElementById("autosave-texts").textContent);
  const state = document.getElementById("save-state");
  const conflicts = document.getElementById("conflicts");
  const progress = document.getElementById("progress");
  const progressText = document.getElementById("progress-text");
  const baseInput = form.querySelector("input[name=base]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const base = JSON.parse(baseInput.value || "{}");
  const pending = new Map();
  let busy = false;
  let retry = null;

  const show = (kind) => {
    state.dataset.state = kind;
    state.textContent = texts[kind] || "";
  };

  const requeue = (batch) => {
    batch.forEach((value, key) => {
      if (!pending.has(key)) pending.set(key, value);
    });
  };

  const showConflict = (conflict) => {
    const radio = form.querySelector(
      `input[name="${conflict.key}"][value="${conflict.stored}"]`,
    );
    if (radio) radio.checked = true;
    else {
      form.querySelectorAll(`input[name="${conflict.key}"]`).forEach((other) => {
        other.checked = false;
      });
    }
    const alert = document.createElement("div");
    alert.className = "alert alert-warning";
    alert.textContent = conflict.message;
    conflicts.appendChild(alert);
    const fieldset = form.querySelector(`fieldset[data-field="${conflict.key}"]`);
    if (fieldset) {
      fieldset.classList.toggle("is-empty", !radio);
      fieldset.classList.add("conflict");
      fieldset.querySelectorAll(".conflict-message").forEach((old) => old.remove());
      const note = document.createElement("p");
      note.className = "conflict-message small mb-0 w-100";
      note.textContent = conflict.message;
      fieldset.appendChild(note);
    }
  };

  const flush = async () => {
    if (busy || pending.size === 0) return;
    busy = true;
    clearTimeout(retry);
    show("saving");
    const batch = new Map(pending);
    pending.clear();
    const values = Object.fromEntries(batch);
    const seen = {};
    batch.forEach((_value, key) => {
      seen[key] = base[key] ?? "";
    });
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrf,
        },
        body: JSON.stringify({ values, base: seen }),
      });
      const isJson = (response.headers.get("Content-Type") || "").includes("json");
      if (response.type === "opaqueredirect" || !isJson) {
        requeue(batch);
        show("signedout");
      } else {
        const data = await response.json();
        if (!response.ok) {
          show("error");
          state.textContent = `${texts.error}: ${data.errors.join(" ")}`;
        } else {
          data.saved.forEach((key) => {
            base[key] = values[key];
          });
          data.conflicts.forEach((conflict) => {
            base[conflict.key] = conflict.stored;
            showConflict(conflict);
          });
          baseInput.value = JSON.stringify(base);
          progress.value = data.answered;
          progress.max = data.total;
          progressText.textContent = progressText.dataset.template
            .replace("ANSWERED", data.answered)
            .replace("TOTAL", data.total);
          show(data.conflicts.length ? "conflict" : "saved");
        }
      }
    } catch (_error) {
      requeue(batch);
      show("offline");
      retry = setTimeout(flush, 5000);
    }
    busy = false;
    if (pending.size && state.dataset.state !== "signedout") flush();
  };

  // Several inputs can share a name: the boxes of a several-choices question (their codes
  // joined by commas) or a number with its "don't know" box.
  const fieldValue = (input) => {
    if (input.type === "radio") return input.value;
    const inputs = [...form.querySelectorAll(`[name="${input.name}"]`)];
    const dontKnow = inputs.find((i) => "dontKnow" in i.dataset && i.checked);
    if (dontKnow) return dontKnow.value;
    return inputs
      .filter((i) => i.type !== "checkbox" || i.checked)
      .map((i) => i.value.trim())
      .filter(Boolean)
      .join(",");
  };

  // A click or tap is a decision: save it at once. Keyboard choices are saved once the chief
  // settles (leaves the question, presses Enter, or pauses), so arrowing through a row does
  // not store every value it passes in the history.
  const SETTLE_MS = 1500;
  let pointer = false;
  let settleTimer = null;
  const settle = () => {
    clearTimeout(settleTimer);
    flush();
  };
  const rowOf = (element) => element.closest("fieldset.matrix-row");
  const markAnswered = (row) => {
    if (!row) return;
    const answered = row.querySelector("input[type=radio]:checked") !== null;
    row.classList.toggle("is-empty", !answered);
  };
  form.addEventListener("pointerdown", () => {
    pointer = true;
  });
  const clearRow = (row) => {
    row.querySelectorAll("input[type=radio]").forEach((radio) => {
      radio.checked = false;
    });
    markAnswered(row);
    pending.set(row.dataset.field, "");
    settle();
  };
  form.addEventListener("keydown", (event) => {
    pointer = false;
    if (event.target.type !== "radio") return;
    if (event.key === "Enter") {
      event.preventDefault(); // Enter on a question never submits the whole form
      settle();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      clearRow(rowOf(event.target));
    }
  });
  // One Tab stop per question: the Clear buttons stay clickable, and Delete clears from the
  // keyboard (the hint above the questions says so).
  form.querySelectorAll("button.matrix-clear").forEach((button) => {
    button.tabIndex = -1;
  });
  const hint = document.getElementById("keyboard-hint");
  if (hint) hint.hidden = false;
  form.addEventListener("focusout", (event) => {
    const row = rowOf(event.target);
    if (row && !(event.relatedTarget && row.contains(event.relatedTarget))) settle();
  });

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (!/^(item|role|q)-/.test(input.name || "") || input.name.endsWith("-shown")) return;
    const fieldset = rowOf(input);
    if (fieldset) {
      fieldset.classList.remove("conflict");
      fieldset.querySelectorAll(".conflict-message").forEach((old) => old.remove());
      markAnswered(fieldset);
    }
    pending.set(input.name, fieldValue(input));
    clearTimeout(settleTimer);
    if (pointer) flush();
    else settleTimer = setTimeout(flush, SETTLE_MS);
  });

  // Clear takes the answer back in place (without JavaScript it posts the form).
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button.matrix-clear");
    if (!button) return;
    event.preventDefault();
    const row = rowOf(button);
    clearRow(row);
    row.querySelector("input[type=radio]").focus();
  });

  window.addEventListener("online", flush);
  window.addEventListener("focus", flush); // e.g. back from signing in again in another tab
  window.addEventListener("beforeunload", (event) => {
    if (pending.size || busy) {
      settle();
      event.preventDefault();
    }
  });
})();
