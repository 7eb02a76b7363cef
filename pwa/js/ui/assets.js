// Stylesheets and vendored scripts loaded on demand, once each.
import { h } from './dom.js';

const styles = new Map();

/** Load a stylesheet once (a <link>, allowed by the CSP), resolving when it has applied. */
export function loadStyle(href) {
  if (!styles.has(href)) {
    styles.set(href, new Promise((resolve) => {
      const link = h('link', { rel: 'stylesheet', href });
      link.addEventListener('load', resolve);
      link.addEventListener('error', resolve);  // offline without it: still usable, just plainer
      document.head.append(link);
    }));
  }
  return styles.get(href);
}

const scripts = new Map();

/** Load a classic script (a vendored UMD library) once. */
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const script = h('script', { src });
      script.addEventListener('load', resolve);
      script.addEventListener('error', () => {
        scripts.delete(src);
        reject(new Error(`could not load ${src}`));
      });
      document.head.append(script);
    }));
  }
  return scripts.get(src);
}
