// chengjie's own script: small, no inline handlers (the CSP forbids them).
document.addEventListener("click", (event) => {
  const confirmEl = event.target.closest("[data-confirm]");
  if (confirmEl && !window.confirm(confirmEl.dataset.confirm)) {
    event.preventDefault();
  }
});
