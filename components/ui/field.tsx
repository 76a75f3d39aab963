import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";

/**
 * A labelled control with its error messages (from the API's `problems`)
 * underneath. The label points at the control with htmlFor, so the control's
 * accessible name is the label text alone (not the label plus its value).
 */
export function Field({
  label,
  errors = [],
  hint,
  children,
  inline = false,
}: {
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  children: ReactElement<{ id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;
  inline?: boolean;
}) {
  const generated = useId();
  const id = (isValidElement(children) && children.props.id) || generated;
  const errorId = `${id}-errors`;
  const control = cloneElement(children, {
    id,
    ...(errors.length > 0 ? { "aria-invalid": true, "aria-describedby": errorId } : {}),
  });
  return (
    <div className={inline ? "field field-inline" : "field"}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {control}
      {hint && <span className="muted small">{hint}</span>}
      {errors.length > 0 && (
        <span id={errorId} className="field-errors">
          {errors.map((message) => (
            <span key={message} className="field-error">
              {message}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
