// Shared by the root layout (a server component: no "use client" here) and the theme hooks.

/** The user's choice, remembered in localStorage under THEME_STORAGE_KEY ("system" when absent). */
export type ThemePreference = "system" | "light" | "dark";
/** What is applied: `data-theme` on <html>. */
export type ColorScheme = "light" | "dark";

export const THEME_STORAGE_KEY = "gatehouse-theme";
/** Dispatched on window after the preference changes in this tab (the boot script re-applies it). */
export const THEME_CHANGE_EVENT = "gatehouse-theme-change";

/**
 * Runs inline in <head> before the first paint (no flash of the wrong theme): resolves the preference
 * (localStorage, else the OS's `prefers-color-scheme`) to `data-theme="light|dark"` on <html>, with the
 * preference itself in `data-theme-preference`. It stays registered for the page's life: it re-applies when
 * the OS switches (while the preference is "system"), when another tab changes the preference (`storage`),
 * and when this tab does (THEME_CHANGE_EVENT).
 */
export const THEME_BOOT_SCRIPT = `(function () {
  var key = ${JSON.stringify(THEME_STORAGE_KEY)};
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function preference() {
    try {
      var v = window.localStorage.getItem(key);
      return v === "light" || v === "dark" ? v : "system";
    } catch (e) {
      return "system";
    }
  }
  function apply() {
    var pref = preference();
    var theme = pref === "system" ? (media && media.matches ? "dark" : "light") : pref;
    if (root.getAttribute("data-theme") !== theme) root.setAttribute("data-theme", theme);
    if (root.getAttribute("data-theme-preference") !== pref) root.setAttribute("data-theme-preference", pref);
  }
  apply();
  if (media && media.addEventListener) media.addEventListener("change", apply);
  window.addEventListener("storage", function (e) {
    if (e.key === key || e.key === null) apply();
  });
  window.addEventListener(${JSON.stringify(THEME_CHANGE_EVENT)}, apply);
})();`;
