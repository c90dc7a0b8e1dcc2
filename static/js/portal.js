// The portal's own behaviour. No inline scripts anywhere (Content-Security-Policy).

// What the filter of a checkbox list compares, as partner_portal.text.search_key
// makes the labels' keys: Arabic letters as Persian writes them, any digits as
// Latin ones, no diacritics, joiners or spaces, and no case.
const LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "ھ": "ه", "ہ": "ه", "ة": "ه", "ۀ": "ه",
  "أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و" };
const IGNORED = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u00AD\uFEFF\s]/g;

function searchKey(text) {
  return text
    .replace(/[يىكھہةۀأإٱآؤ]/g, (letter) => LETTERS[letter])
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(IGNORED, "")
    .toLowerCase();
}

// partner_portal.widgets.FilterCheckboxes: typing narrows the list; ticked boxes
// always stay in sight.
function setUpCheckboxFilters(root) {
  root.querySelectorAll("[data-filter-checkboxes]").forEach((widget) => {
    if (widget.dataset.ready) return;
    widget.dataset.ready = "true";
    const input = widget.querySelector("[data-filter-input]");
    const options = [...widget.querySelectorAll("[data-filter-key]")];
    const nothing = widget.querySelector("[data-filter-empty]");
    input.hidden = false;
    input.addEventListener("input", () => {
      const query = searchKey(input.value);
      let shown = 0;
      options.forEach((option) => {
        const match = option.dataset.filterKey.includes(query)
          || option.querySelector("input").checked;
        option.hidden = !match;
        shown += match ? 1 : 0;
      });
      nothing.hidden = shown > 0;
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  // Buttons that ask before a consequential action: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach((element) => {
    element.addEventListener("click", (event) => {
      if (!window.confirm(element.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
  setUpCheckboxFilters(document);
});

// Content htmx swaps in gets the same behaviour.
document.addEventListener("htmx:afterSwap", (event) => setUpCheckboxFilters(event.target));
