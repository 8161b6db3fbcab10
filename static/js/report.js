// The report's Print button: hidden without JavaScript, where the browser's own Print command serves.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
