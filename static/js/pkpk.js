// Small behaviour for every page (the CSP forbids inline scripts).

// After a submit with errors, move focus to the form's error summary: a
// screen reader reads it out, and a keyboard user starts from its links to
// the fields in error.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

// A "Copy" button: <button data-copy="#input-id" data-status="#status-id"
// data-copied="Copied.">. Copies the input's value and says so in the
// status element (role="status", so screen readers hear it too);
// without the Clipboard API it selects the text for the person to copy.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.querySelector(button.dataset.copy);
  const status = document.querySelector(button.dataset.status);
  if (!input) return;
  input.select();
  if (!navigator.clipboard) return;
  navigator.clipboard.writeText(input.value).then(() => {
    if (status) status.textContent = button.dataset.copied;
  });
});
