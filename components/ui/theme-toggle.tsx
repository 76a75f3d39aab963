"use client";

import type { ThemePreference } from "./theme";
import { useThemePreference } from "./use-color-scheme";

const CHOICES: Array<{ value: ThemePreference; label: string }> = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** System / Light / Dark, for the sidebar; remembered in this browser. */
export function ThemeToggle() {
  const [preference, setPreference] = useThemePreference();
  return (
    <fieldset className="theme-toggle" data-testid="theme-toggle">
      <legend>Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className={preference === c.value ? "theme-choice theme-choice-active" : "theme-choice"}>
          <input type="radio" name="theme" value={c.value} checked={preference === c.value} onChange={() => setPreference(c.value)} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
