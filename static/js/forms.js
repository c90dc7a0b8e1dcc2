// Forms: the summary of a failed form's errors takes the focus, and long lists of
// checkboxes become a multi-select one can search. Loaded deferred by base.html;
// no inline scripts anywhere (Content-Security-Policy). Without script the summary
// and the checkboxes work as they are.

// --- The error summary (templates/partials/form_errors.html) ---------------------

// On load, the focus goes to the summary: a screen reader reads it out, and the
// keyboard starts from its links.
function focusErrorSummary(root) {
  const summary = root.querySelector("[data-error-summary]");
  if (summary) summary.focus();
}

// A link of the summary puts the focus in its field and shows the field with its
// label or legend (crispy's wrapper of a field is "div_<id>"), which a plain jump
// to the input would leave above the top of the screen.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  (field.closest("[id^='div_']") || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
  history.replaceState(null, "", link.hash);
});

// --- Searchable multi-select -----------------------------------------------------

// What the search compares, as partner_portal.text.search_key makes it: Arabic
// letters as Persian writes them (ي ك as ی ک), digits of any script as Latin
// ones, no diacritics, kashida, joiners (ZWNJ), direction marks or spaces, and no
// case. So «كاربردي» finds «کاربردی» and «مهندسی‌صنایع» finds «مهندسی صنایع».
const LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "ھ": "ه", "ہ": "ه", "ة": "ه", "ۀ": "ه",
  "أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و" };
const IGNORED = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u00AD\uFEFF\u202A-\u202E\u2066-\u2069\s]/g;

function searchKey(text) {
  return text
    .replace(/[يىكھہةۀأإٱآؤ]/g, (letter) => LETTERS[letter])
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(IGNORED, "")
    .toLowerCase();
}

// A list this long gets a search box; a shorter one reads at a glance.
const LONG_LIST = 8;

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  node.className = className;
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  return node;
}

// An icon from the portal's sprite, drawn as {% icon %} draws it
// (partner_portal/templatetags/icons.py); <body data-icon-sprite> says where it is.
function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
  use.setAttribute("href", `${document.body.dataset.iconSprite}#${name}`);
  svg.append(use);
  const span = element("span", "bi", { "aria-hidden": "true" });
  span.append(svg);
  return span;
}

function localNumber(number) {
  return new Intl.NumberFormat(document.documentElement.lang).format(number);
}

// The markup (templates/bootstrap5/layout/radio_checkbox_select.html and
// partner_portal.widgets.FilterCheckboxes) is a [data-multiselect] holding the
// checkboxes and, in data attributes, the translated words; the tools above the
// list are made here: what is chosen (a count and a chip per choice, which
// un-ticks it) and the search box.
function setUpMultiselect(widget) {
  const box = widget.querySelector("[data-multiselect-options]");
  const options = [...box.querySelectorAll(".form-check")];
  const inputOf = (option) => option.querySelector("input");
  const labelOf = (option) => option.querySelector("label").textContent.trim();
  const keys = options.map((option) => option.dataset.filterKey || searchKey(labelOf(option)));
  const words = widget.dataset;
  const base = inputOf(options[0]).id.replace(/_\d+$/, "");
  box.id = box.id || `${base}_choices`;

  const count = element("p", "multiselect-count small text-body-secondary mb-1", { id: `${base}_count`, "aria-live": "polite" });
  const chips = element("ul", "multiselect-chips list-unstyled", { "aria-labelledby": count.id });
  const search = element("input", "form-control multiselect-search", {
    type: "search", "aria-label": words.searchLabel, placeholder: words.searchLabel,
    "aria-controls": box.id, autocomplete: "off", spellcheck: "false", enterkeyhint: "search",
  });
  const nothing = element("p", "multiselect-nothing small text-body-secondary", { hidden: "" });
  nothing.textContent = words.nothingLabel;
  box.before(count, chips, search);
  box.after(nothing);
  widget.classList.add("multiselect-ready");

  function untick(option, index) {
    const input = inputOf(option);
    input.checked = false;
    // Bubbles like a tap on the box would, so htmx triggers on "change" still fire.
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const left = chips.querySelectorAll("button");
    (left[Math.min(index, left.length - 1)] || search).focus();
  }

  function showChosen() {
    const ticked = options.filter((option) => inputOf(option).checked);
    count.textContent = ticked.length
      ? words.countLabel.replace("{count}", localNumber(ticked.length))
      : words.noneLabel;
    chips.replaceChildren(...ticked.map((option, index) => {
      const item = document.createElement("li");
      const chip = element("button", "multiselect-chip", {
        type: "button", "aria-label": words.removeLabel.replace("{label}", labelOf(option)),
      });
      const name = document.createElement("bdi");
      name.textContent = labelOf(option);
      chip.append(name, icon("x-lg"));
      chip.addEventListener("click", () => untick(option, index));
      item.append(chip);
      return item;
    }));
  }

  // Ticked choices stay in sight whatever the search, to be un-ticked.
  function filter() {
    const query = searchKey(search.value);
    let shown = 0;
    options.forEach((option, index) => {
      const match = keys[index].includes(query) || inputOf(option).checked;
      option.hidden = !match;
      shown += match ? 1 : 0;
    });
    nothing.hidden = shown > 0;
  }

  search.addEventListener("input", filter);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // Enter in a search box would send the whole form.
    } else if (event.key === "ArrowDown") {
      const first = options.find((option) => !option.hidden);
      if (first) {
        event.preventDefault();
        inputOf(first).focus();
      }
    } else if (event.key === "Escape" && search.value) {
      event.preventDefault();
      search.value = "";
      filter();
    }
  });
  box.addEventListener("change", showChosen);
  // The browser may put back ticks after a reload or going back.
  window.addEventListener("pageshow", showChosen);
  showChosen();
}

function setUpMultiselects(root) {
  const widgets = [...root.querySelectorAll("[data-multiselect]")];
  if (root.matches && root.matches("[data-multiselect]")) widgets.push(root);
  widgets.forEach((widget) => {
    const options = widget.querySelectorAll("[data-multiselect-options] .form-check");
    const wanted = options.length >= LONG_LIST
      || (options.length > 0 && "multiselectAlways" in widget.dataset);
    if (widget.dataset.ready || !wanted) return;
    widget.dataset.ready = "true";
    setUpMultiselect(widget);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpMultiselects(document);
  focusErrorSummary(document);
});

// Content htmx swaps in (a form sent by htmx and drawn again with its errors, the
// problems of the chosen units) gets the same.
document.addEventListener("htmx:afterSwap", (event) => {
  // An outerHTML swap leaves event.target out of the page; lists already set up
  // are left alone.
  setUpMultiselects(document);
  if (event.target.isConnected) focusErrorSummary(event.target);
});
