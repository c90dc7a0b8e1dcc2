// The portal's own behaviour. No inline scripts anywhere (Content-Security-Policy).
//
// Bootstrap's markup, without Bootstrap's 80 KB script: the portal uses three of its
// plugins, written here as Bootstrap writes them (the same classes, attributes and
// keys), so Bootstrap's CSS styles them unchanged:
// - data-bs-toggle="collapse" data-bs-target="#id": the navbar on a phone, the
//   filters of a list; the height slides as Bootstrap's .collapsing does.
// - data-bs-toggle="dropdown": the navbar's menus. Escape closes one and gives the
//   focus back to its button; the arrow keys move through its items; a click or the
//   focus elsewhere closes it.
// - data-bs-dismiss="alert": the close button of a message.

// How long a transition of `element` lasts (0 when the user asked for less motion:
// Bootstrap's CSS turns its transitions off then).
function transitionMs(element) {
  const style = window.getComputedStyle(element);
  return (parseFloat(style.transitionDuration) + parseFloat(style.transitionDelay)) * 1000;
}

// --- Collapse ----------------------------------------------------------------------

function collapseTriggers(target) {
  return [...document.querySelectorAll('[data-bs-toggle="collapse"]')].filter(
    (trigger) => document.querySelector(trigger.dataset.bsTarget) === target,
  );
}

function setCollapsed(target, open) {
  collapseTriggers(target).forEach((trigger) => {
    trigger.setAttribute("aria-expanded", String(open));
    trigger.classList.toggle("collapsed", !open);
  });
  if (target.classList.contains("collapsing")) return;
  if (open === target.classList.contains("show")) return;
  const finish = () => {
    target.classList.remove("collapsing");
    target.classList.add("collapse");
    target.classList.toggle("show", open);
    target.style.height = "";
  };
  if (open) {
    target.classList.remove("collapse");
    target.classList.add("collapsing");
    target.style.height = "0px";
    target.offsetHeight; // eslint-disable-line no-unused-expressions -- starts the slide
    target.style.height = `${target.scrollHeight}px`;
  } else {
    target.style.height = `${target.getBoundingClientRect().height}px`;
    target.offsetHeight; // eslint-disable-line no-unused-expressions
    target.classList.add("collapsing");
    target.classList.remove("collapse", "show");
    target.style.height = "";
  }
  window.setTimeout(finish, transitionMs(target));
}

// --- Dropdown ----------------------------------------------------------------------

function menuOf(toggle) {
  return toggle.parentElement.querySelector(".dropdown-menu");
}

function menuItems(menu) {
  const items = menu.querySelectorAll(".dropdown-item:not(.disabled):not(:disabled)");
  return [...items].filter((item) => item.offsetParent !== null);
}

function setDropdown(toggle, open) {
  const menu = menuOf(toggle);
  if (!menu) return;
  toggle.classList.toggle("show", open);
  menu.classList.toggle("show", open);
  toggle.setAttribute("aria-expanded", String(open));
  // Bootstrap positions a navbar's menus with CSS alone ([data-bs-popper="static"]).
  if (open) menu.setAttribute("data-bs-popper", "static");
  else menu.removeAttribute("data-bs-popper");
}

function openToggles() {
  return [...document.querySelectorAll('[data-bs-toggle="dropdown"].show')];
}

function closeDropdowns(except) {
  openToggles().forEach((toggle) => {
    if (toggle !== except) setDropdown(toggle, false);
  });
}

document.addEventListener("click", (event) => {
  const collapse = event.target.closest('[data-bs-toggle="collapse"]');
  if (collapse) {
    event.preventDefault();
    const target = document.querySelector(collapse.dataset.bsTarget);
    if (target) setCollapsed(target, !target.classList.contains("show"));
  }

  const dismiss = event.target.closest('[data-bs-dismiss="alert"]');
  if (dismiss) {
    const alert = dismiss.closest(".alert");
    alert.classList.remove("show");
    window.setTimeout(() => alert.remove(), transitionMs(alert));
  }

  const toggle = event.target.closest('[data-bs-toggle="dropdown"]');
  if (toggle) {
    event.preventDefault();
    closeDropdowns(toggle);
    setDropdown(toggle, !toggle.classList.contains("show"));
    return;
  }
  // A click in an open menu's form field keeps it open; any other click closes it.
  const inMenu = event.target.closest(".dropdown-menu");
  if (!inMenu || !/^(INPUT|SELECT|OPTION|TEXTAREA|FORM)$/.test(event.target.tagName)) {
    closeDropdowns(null);
  }
});

document.addEventListener("keydown", (event) => {
  const menuAround = event.target.closest(".dropdown-menu");
  const toggle =
    event.target.closest('[data-bs-toggle="dropdown"]') ||
    menuAround?.parentElement.querySelector('[data-bs-toggle="dropdown"]');
  if (!toggle) return;
  const menu = menuOf(toggle);
  if (event.key === "Escape" && toggle.classList.contains("show")) {
    event.preventDefault();
    setDropdown(toggle, false);
    toggle.focus();
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (!toggle.classList.contains("show")) {
      closeDropdowns(toggle);
      setDropdown(toggle, true);
    }
    const items = menuItems(menu);
    if (!items.length) return;
    const step = event.key === "ArrowDown" ? 1 : -1;
    const index = items.indexOf(document.activeElement);
    const first = step > 0 ? 0 : items.length - 1;
    const next = index < 0 ? first : Math.min(Math.max(index + step, 0), items.length - 1);
    items[next].focus();
  }
});

// Tabbing out of a menu closes it.
document.addEventListener("focusin", (event) => {
  openToggles().forEach((toggle) => {
    if (!toggle.parentElement.contains(event.target)) setDropdown(toggle, false);
  });
});

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
