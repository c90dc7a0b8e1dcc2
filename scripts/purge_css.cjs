// Bootstrap's CSS with only the selectors the portal's markup can use, for both
// directions. Called by scripts/build_assets.py, which passes a JSON job on stdin:
//   {"content": [glob, ...], "safelist": {"standard": [...], "greedy": [...]},
//    "css": [{"input": path, "output": path, "banner": text}, ...]}
// PurgeCSS keeps a selector when each of its class names, ids, tags and attribute
// names appears as a word in one of the content files (templates, Python, scripts).
const { readFileSync, writeFileSync } = require("node:fs");
const { PurgeCSS } = require("purgecss");

const job = JSON.parse(readFileSync(0, "utf8"));
const toRegExps = (patterns) => (patterns || []).map((pattern) => new RegExp(pattern));

async function main() {
  for (const { input, output, banner } of job.css) {
    const [result] = await new PurgeCSS().purge({
      content: job.content,
      css: [input],
      // Every word of the sources counts: letters, digits, - and _ (no Bootstrap
      // class has another character).
      defaultExtractor: (text) => text.match(/[\w-]+/g) || [],
      safelist: {
        standard: toRegExps(job.safelist.standard),
        greedy: toRegExps(job.safelist.greedy),
      },
      // Unused @keyframes and custom properties stay: they cost little, and a
      // style="--bs-…" attribute or a script may read them.
      keyframes: false,
      variables: false,
      fontFace: false,
    });
    // Bootstrap's source-map comment points at a map that is not shipped.
    const css = result.css.replace(/\/\*# sourceMappingURL=.*?\*\/\s*$/s, "").trim();
    writeFileSync(output, `/*! ${banner} */\n${css}\n`);
    console.log(`${output}: ${(Buffer.byteLength(css) / 1024).toFixed(1)} KiB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
