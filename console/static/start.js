// Starts the console's WASM (an external script, so the page's CSP needs no inline one).
import init from "./console.js";
init({ module_or_path: new URL("console_bg.wasm", import.meta.url) });
