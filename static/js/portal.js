// The portal's own behaviour. No inline scripts anywhere (Content-Security-Policy).

document.addEventListener("DOMContentLoaded", () => {
  // Buttons that ask before a consequential action: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
