// Cabinet's script: small improvements for those who have JavaScript. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, take the keyboard and the screen reader to the list of problems.
  const summary = document.querySelector("form .notice-error");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  // Buttons that undo work ask first: data-confirm holds the question.
  for (const button of document.querySelectorAll("button[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
});
